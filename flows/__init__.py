"""Prefect flows: wiring only. Import after exodus.runtime.prepare_prefect()."""
