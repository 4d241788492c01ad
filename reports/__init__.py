"""Reports: charts of the series and the self-contained HTML page of the latest figures."""

from reports.charts import series_chart
from reports.page import render_report, write_report

__all__ = ["render_report", "series_chart", "write_report"]
