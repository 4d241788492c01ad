"""The Russian reader (figures/russian, figures/data/ru.toml), one rule at a time.

Wordings here are written for these tests and differ from tests/figures/ru: they check
that each rule is general, not that the corpus sentences are remembered.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from figures import Figure, explain, extract
from figures.russian import is_russian
from figures.russian import mentions as russian_mentions
from figures.russian.numbers import read_amounts
from figures.russian.reader import split_sentences

PUBLISHED = date(2022, 10, 5)


def _rows(text: str, published: date | None = PUBLISHED) -> list[Figure]:
    return extract(text, published)


def _one(text: str, published: date | None = PUBLISHED) -> Figure:
    rows = _rows(text, published)
    assert len(rows) == 1, rows
    return rows[0]


# ------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(("printed", "low", "high"), [
    ("700 тыс.", 700_000, 700_000),
    ("1,2 млн", 1_200_000, 1_200_000),
    ("полмиллиона", 500_000, 500_000),
    ("полумиллиона", 500_000, 500_000),
    ("600–700 тысяч", 600_000, 700_000),
    ("600-700 тыс.", 600_000, 700_000),
    ("от 600 до 700 тысяч", 600_000, 700_000),
    ("от полумиллиона до миллиона", 500_000, 1_000_000),
    ("12\u00a0345", 12_345, 12_345),  # no-break space between digit groups
    ("4\u202f500", 4_500, 4_500),  # narrow no-break space
    ("1 250 000", 1_250_000, 1_250_000),
    ("700.000", 700_000, 700_000),
    ("двести тысяч", 200_000, 200_000),
    ("сто пятьдесят тысяч", 150_000, 150_000),
    ("трёх миллионов", 3_000_000, 3_000_000),
    ("9,5 тысячи", 9_500, 9_500),
])
def test_number_formats(printed: str, low: int, high: int) -> None:
    amounts = read_amounts(f"По данным ведомства, {printed} человек")
    assert [(a.low, a.high) for a in amounts] == [(low, high)]


@pytest.mark.parametrize(("printed", "low", "high"), [
    ("почти 300 тыс.", 300_000, 300_000),
    ("около 1,2 млн", 1_200_000, 1_200_000),
    ("почти полмиллиона", 500_000, 500_000),
    ("от 150 до 170 тысяч", 150_000, 170_000),
    ("150–170 тысяч", 150_000, 170_000),
    ("23\u00a0418", 23_418, 23_418),
    ("23\u202f418", 23_418, 23_418),
    ("сто двадцать тысяч", 120_000, 120_000),
])
def test_number_formats_read_as_rows(printed: str, low: int, high: int) -> None:
    row = _one(f"С начала мобилизации в Узбекистан въехали {printed} граждан России.")
    assert (row.metric, row.destination, row.low, row.high) == ("arrived", "UZ", low, high)


# ------------------------------------------------------------------------- hedges


@pytest.mark.parametrize(("hedge", "qualifier"), [
    ("около", "approx"),
    ("примерно", "approx"),
    ("порядка", "approx"),
    ("почти", "approx"),
    ("более", "at_least"),
    ("свыше", "at_least"),
    ("не менее", "at_least"),
    ("немногим более", "at_least"),
    ("до", "at_most"),
    ("не более", "at_most"),
    ("", "exact"),
])
def test_hedges(hedge: str, qualifier: str) -> None:
    row = _one(f"Всего в Армению прибыли {hedge} 35 тысяч россиян.".replace("  ", " "))
    assert row.qualifier == qualifier
    assert (row.low, row.destination) == (35_000, "AM")


def test_range_is_its_own_qualifier() -> None:
    assert _one("В Монголию прибыли от 3 до 4 тысяч россиян.").qualifier == "range"


def test_until_after_a_verb_of_change_is_not_up_to() -> None:
    row = _one("Поток россиян в Грузию увеличился втрое, до 9 тысяч человек в сутки.")
    assert (row.low, row.per, row.qualifier) == (9_000, "day", "exact")


def test_bare_thousand_after_a_hedge_is_one_thousand() -> None:
    row = _one("Через пункт пропуска в Монголию в день проходят около тысячи россиян.")
    assert (row.low, row.qualifier, row.per) == (1_000, "approx", "day")


# ------------------------------------------------------------------------- rates


@pytest.mark.parametrize(("wording", "per"), [
    ("в сутки", "day"),
    ("в день", "day"),
    ("ежедневно", "day"),
    ("за минувшие сутки", "day"),
    ("в пятницу", "day"),
    ("за неделю", "week"),
    ("за последнюю неделю", "week"),
    ("с 26 сентября по 2 октября", "week"),
])
def test_rates(wording: str, per: str) -> None:
    row = _one(f"В Казахстан {wording} въехали около 6 тысяч россиян.")
    assert row.per == per
    if wording.startswith("с 26"):
        assert row.since == date(2022, 9, 26)  # a stated week starts on its first day
    else:
        assert row.since is None


def test_a_named_day_is_a_one_day_count() -> None:
    row = _one("По информации МВД Грузии, 3 октября в страну въехали 8 765 граждан России.")
    assert (row.destination, row.low, row.per, row.since) == ("GE", 8_765, "day", None)


def test_as_of_a_date_is_not_a_one_day_count() -> None:
    row = _one("На 30 сентября в Казахстан въехали 98 тысяч россиян.")
    assert row.per is None


def test_a_rate_word_belongs_to_the_number_it_leads() -> None:
    rows = _rows("За выходные в Грузию въехали около 9 тыс. россиян, меньше, чем в первые дни, "
                 "когда ежедневно въезжали до 12 тысяч человек.")
    assert [(r.low, r.per) for r in rows] == [(9_000, None), (12_000, "day")]


def test_a_month_is_the_period() -> None:
    row = _one("По данным МВД Грузии, в октябре в страну въехали 95 тысяч россиян.",
               date(2022, 11, 3))
    assert row.since == date(2022, 10, 1)


def test_a_month_dating_a_statement_is_no_period() -> None:
    row = _one("Министр в ноябре говорил, что мобилизованы 280 тысяч человек.",
               date(2022, 12, 1))
    assert row.since is None


def test_first_week_of_the_mobilisation_is_cumulative() -> None:
    row = _one("За первую неделю мобилизации в Сербию въехали более 5 тысяч россиян.")
    assert (row.per, row.since) == (None, date(2022, 9, 21))


# ------------------------------------------------------------------------- since


@pytest.mark.parametrize(("wording", "since"), [
    ("с 21 сентября", date(2022, 9, 21)),
    ("с начала мобилизации", date(2022, 9, 21)),
    ("с момента объявления частичной мобилизации", date(2022, 9, 21)),
    ("после объявления мобилизации", date(2022, 9, 21)),
    ("с начала войны", date(2022, 2, 24)),
    ("с 24 февраля", date(2022, 2, 24)),
    ("за 2022 год", date(2022, 1, 1)),
    ("в третьем квартале 2022 года", date(2022, 7, 1)),
    ("", None),
])
def test_since(wording: str, since: date | None) -> None:
    row = _one(f"Из России {wording} уехали 400 тысяч человек.".replace("  ", " "))
    assert (row.metric, row.since) == ("departed", since)


def test_a_date_without_year_is_not_after_publication() -> None:
    # A year-later retrospective: "since 21 September" is the 2022 one.
    row = _one("С 21 сентября из России уехали около 700 тысяч человек.", date(2023, 9, 21))
    assert row.since == date(2022, 9, 21)


def test_of_them_carries_the_start() -> None:
    rows = _rows("С 21 сентября в Кыргызстан въехали 70 тысяч граждан России. "
                 "Из них около 30 тысяч уже уехали дальше.")
    moved = [r for r in rows if r.metric == "moved_on"]
    assert [(r.destination, r.low, r.since) for r in moved] == [("KG", 30_000,
                                                                date(2022, 9, 21))]


# ------------------------------------------------------------------------- places


@pytest.mark.parametrize(("place", "code"), [
    ("в Казахстан", "KZ"), ("в Грузию", "GE"), ("в Армению", "AM"), ("в Монголию", "MN"),
    ("в Финляндию", "FI"), ("в Киргизию", "KG"), ("в Кыргызстан", "KG"), ("в Сербию", "RS"),
    ("в Турцию", "TR"), ("в ОАЭ", "AE"), ("в Израиль", "IL"), ("в Узбекистан", "UZ"),
    ("в Эстонию", "EE"), ("в страны Евросоюза", "EU"), ("в ЕС", "EU"),
    ("через Верхний Ларс", "GE"), ("через Ваалимаа", "FI"),
])
def test_destination_in_the_accusative(place: str, code: str) -> None:
    row = _one(f"С начала мобилизации {place} въехали 15 тысяч россиян.")
    assert (row.metric, row.destination) == ("arrived", code)


@pytest.mark.parametrize(("sentence", "metric", "code"), [
    # genitive: leaving the destination again
    ("С 21 сентября из Казахстана выехали около 90 тысяч россиян.", "moved_on", "KZ"),
    ("Из Грузии за то же время уехали 25 тысяч россиян.", "moved_on", "GE"),
    # prepositional: papers received there
    ("Вид на жительство в Сербии получили 12 тысяч россиян.", "registered", "RS"),
    ("В Армении социальные карты получили 8 тысяч россиян.", "registered", "AM"),
    ("Статус беженца в Германии получили 1 300 россиян.", "registered", "DE"),
    # genitive inside the source, the country in view for «в страну»
    ("По данным МВД Казахстана, в страну въехали 150 тысяч россиян.", "arrived", "KZ"),
    # instrumental: the border with a country
    ("Границу с Казахстаном пересекли 40 тысяч россиян.", "arrived", "KZ"),
    # a leaving verb with a destination is an arrival there
    ("Около 80 тысяч россиян бежали в Грузию.", "arrived", "GE"),
    # going back to Russia from the place in view
    ("Из Финляндии обратно в Россию выехали 9 тысяч человек.", "returned", "FI"),
])
def test_countries_in_other_cases(sentence: str, metric: str, code: str) -> None:
    row = _one(sentence)
    assert (row.metric, row.destination) == (metric, code)


def test_arrivals_and_departures_in_one_clause() -> None:
    rows = _rows("С 21 сентября в Кыргызстан въехали 64 тысячи граждан России, выехали из "
                 "республики 51 тысяча.")
    assert [(r.metric, r.destination, r.low) for r in rows] == [
        ("arrived", "KG", 64_000), ("moved_on", "KG", 51_000)]


def test_a_nationality_is_not_an_origin() -> None:
    # «граждан России» names who, not where from: the leaving is from the country in view
    rows = _rows("Казахстан. За неделю страну покинули 30 тысяч граждан России.")
    assert [(r.metric, r.destination) for r in rows] == [("moved_on", "KZ")]


def test_country_in_view_from_the_paragraph() -> None:
    rows = _rows("Пограничная служба Таджикистана сообщила о росте потока.\n\n"
                 "Таджикистан. За неделю в страну прибыли 11 тысяч россиян.")
    assert [(r.destination, r.low) for r in rows] == [("TJ", 11_000)]


def test_several_places_lumped_is_a_departure() -> None:
    row = _one("После 21 сентября в Грузию, Казахстан и Монголию уехали 300 тысяч человек.")
    assert (row.metric, row.destination) == ("departed", None)


# ------------------------------------------------------------------------- metrics


def test_call_up() -> None:
    row = _one("Министр обороны заявил, что в армию будут призваны 300 тысяч резервистов.")
    assert (row.metric, row.low) == ("called_up", 300_000)


def test_men_at_the_front_are_not_a_call_up_figure() -> None:
    assert _rows("Из призванных 41 тысяча мобилизованных уже направлены в зону боевых "
                 "действий.") == []


def test_breakdown_of_the_previous_figure() -> None:
    rows = _rows("За сутки в Монголию въехали 4 тысячи россиян, из них 3 тысячи — мужчины.")
    assert [(r.metric, r.destination, r.low, r.per) for r in rows] == [
        ("arrived", "MN", 4_000, "day"), ("arrived", "MN", 3_000, "day")]


def test_left_out_verb_with_its_place_after_a_dash() -> None:
    rows = _rows("Около 90 тысяч человек уехали в Казахстан, ещё 40 тысяч — в Армению.")
    assert [(r.metric, r.destination, r.low) for r in rows] == [
        ("arrived", "KZ", 90_000), ("arrived", "AM", 40_000)]


def test_second_place_of_a_split_keeps_its_own_place() -> None:
    rows = _rows("По данным ФСБ, за третий квартал из России в Армению выехали 120 тысяч "
                 "человек, в Узбекистан — 95 тысяч.")
    assert [(r.metric, r.destination, r.low) for r in rows] == [
        ("arrived", "AM", 120_000), ("arrived", "UZ", 95_000)]


def test_dashed_second_figure_takes_the_verb_before_it() -> None:
    rows = _rows("В понедельник в Грузию въехали 6 120 россиян, выехали — 4 980.")
    assert [(r.metric, r.destination, r.low, r.per) for r in rows] == [
        ("arrived", "GE", 6_120, "day"), ("moved_on", "GE", 4_980, "day")]


def test_dash_continues_the_previous_figure() -> None:
    rows = _rows("Казахстан. С начала мобилизации в страну въехали 120 тысяч россиян. "
                 "А всего до конца года — более 300 тысяч.")
    assert [(r.destination, r.low, r.qualifier) for r in rows] == [
        ("KZ", 120_000, "exact"), ("KZ", 300_000, "at_least")]


# ------------------------------------------------------------------------- sources


def test_source_after_po_dannym() -> None:
    row = _one("По данным пограничной службы Грузии, с начала мобилизации в страну "
               "въехали 68 тысяч россиян.")
    assert row.source == "пограничной службы Грузии"


def test_source_after_the_verb() -> None:
    row = _one("В Казахстан с 21 сентября прибыли 180 тысяч россиян, заявил министр "
               "внутренних дел Марат Ахметжанов.")
    assert row.source is not None and "Ахметжанов" in row.source


def test_source_before_the_verb() -> None:
    row = _one("Пограничная служба Финляндии сообщила, что за сутки в страну въехали "
               "9 тысяч россиян.")
    assert row.source == "Пограничная служба Финляндии"


def test_pronoun_takes_the_last_speaker() -> None:
    rows = _rows("Глава МВД Грузии Вахтанг Гомелаури выступил на брифинге. По его словам, с начала "
                 "мобилизации в страну въехали 70 тысяч россиян.")
    assert rows[0].source == "Глава МВД Грузии Вахтанг Гомелаури"


def test_quote_takes_the_attribution_after_it() -> None:
    rows = _rows("«С 21 сентября в Армению въехали 45 тысяч россиян. Многие едут дальше», — "
                 "сказал министр Армен Саркисян.")
    assert rows[0].source == "министр Армен Саркисян"


def test_attribution_in_the_next_sentence_with_words_between() -> None:
    rows = _rows("С 21 сентября в Казахстан въехали 215 тысяч граждан России. Об этом на "
                 "брифинге сообщил представитель МВД Казахстана Шынгыс Алекешев.")
    assert rows[0].source == "представитель МВД Казахстана Шынгыс Алекешев"


def test_vague_attribution_is_no_source() -> None:
    row = _one("По некоторым данным, из России после мобилизации уехали 900 тысяч человек.")
    assert row.source is None


def test_attribution_in_the_next_sentence() -> None:
    rows = _rows("С начала мобилизации из России уехали 370 тысяч человек. Об этом сообщает "
                 "издание «Медиазона».")
    assert rows[0].source is not None and "Медиазона" in rows[0].source


# ------------------------------------------------------------------------- denials


def test_denial_in_the_same_sentence() -> None:
    row = _one("Власти Грузии опровергли сообщения о том, что с 21 сентября в страну "
               "въехали 200 тысяч россиян.")
    assert row.disputed and row.source is None


def test_denial_in_the_next_sentence() -> None:
    rows = _rows("СМИ сообщили, что из России после мобилизации уехали 1,5 млн человек. "
                 "В Кремле назвали эту цифру сильно завышенной.")
    assert [(r.low, r.disputed) for r in rows] == [(1_500_000, True)]


def test_a_figure_named_only_in_a_denial_is_disputed() -> None:
    rows = _rows("После 21 сентября из России уехали 800 тысяч человек. "
                 "Вердикт: цифра в 800 тысяч не подтверждается.")
    assert [(r.low, r.disputed) for r in rows] == [(800_000, True)]


# ------------------------------------------------------------------------- not figures


@pytest.mark.parametrize("sentence", [
    "В Грузию въезжают мужчины в возрасте от 18 до 60 лет.",  # ages
    "Билет из Москвы в Ереван стоил 150 тысяч рублей.",  # money
    "Аренда квартиры в Тбилиси подорожала до 2 тысяч долларов.",  # money with «до»
    "В 2022 году в Казахстан въехали многие.",  # a year
    "Поток в Грузию вырос на 40%.",  # a percentage
    "После мобилизации в Грузию въехали десятки тысяч россиян.",  # vague
    "Из России уехали сотни тысяч человек.",  # vague
    "В Монголию прибыли несколько тысяч россиян.",  # vague
    "Тысячи человек пересекли границу с Казахстаном.",  # vague plural
    "На границе с Грузией скопилось 3 500 автомобилей.",  # vehicles
    "До мобилизации в Финляндию въезжали около 5 тысяч россиян в день.",  # a baseline
    "В 2019 году из России уехали 300 тысяч человек.",  # before the mobilisation
    "Петицию против визового режима подписали 20 тысяч человек.",  # other things counted
    "Население Бишкека превысило 1,1 млн человек.",  # a population
])
def test_not_figures(sentence: str) -> None:
    assert _rows(sentence) == []


@pytest.mark.parametrize("sentence", [
    "Более 2 тысяч россиян получили отказ во въезде в Финляндию.",  # refused entry
    "С начала войны в Россию въехали 2 млн граждан Украины.",  # another nationality
    "В боях погибли более 5 тысяч мобилизованных.",  # losses, not a call-up
])
def test_other_people_are_not_rows(sentence: str) -> None:
    assert _rows(sentence) == []


def test_people_who_stayed_are_not_a_row() -> None:
    assert _rows("В Казахстане, по оценке МВД, остались около 80 тысяч россиян.") == []


# ------------------------------------------------------------------------- dispatch


def test_language_is_told_from_the_alphabet() -> None:
    assert is_russian("С 21 сентября в Казахстан въехали 200 тысяч россиян.")
    assert not is_russian("Since September 21, 200,000 Russians have entered Kazakhstan.")


def test_language_argument_overrides_detection() -> None:
    text = "С 21 сентября в Казахстан въехали 200 тысяч россиян."
    assert extract(text, PUBLISHED, language="ru")
    assert extract(text, PUBLISHED, language="en") == []


def test_english_still_reads_english() -> None:
    rows = extract("Since September 21, 200,000 Russians have entered Kazakhstan.", PUBLISHED)
    assert [(r.metric, r.destination, r.low) for r in rows] == [("arrived", "KZ", 200_000)]


def test_title_argument_and_offsets() -> None:
    body = "С 21 сентября в Казахстан въехали 200 тысяч россиян."
    rows = extract(body, PUBLISHED, title="Казахстан: 200 тысяч")
    assert len(rows) == 1
    row = rows[0]
    assert body[row.quote_start:row.quote_end] == row.quote


def test_explain_reads_russian() -> None:
    [(row, why)] = explain("С 21 сентября в Казахстан въехали 200 тысяч россиян.", PUBLISHED)
    assert row.destination == "KZ" and why[0]["metric"] == "въехали"


def test_rows_have_the_english_shape() -> None:
    row = _one("С 21 сентября в Казахстан въехали 200 тысяч россиян.")
    assert set(row.as_row()) == set(Figure.__dataclass_fields__)


# ------------------------------------------------------------------------- robustness

_CYRILLIC = st.characters(min_codepoint=0x0400, max_codepoint=0x04FF)
_RUSSIANISH = st.one_of(_CYRILLIC, st.sampled_from(list(
    "0123456789 \u00a0\u202f.,;:—–-«»()%№\n")))


@settings(max_examples=300, deadline=None)
@given(st.text(_RUSSIANISH, max_size=400), st.one_of(st.none(), st.dates()))
def test_russian_reader_never_raises(text: str, published: date | None) -> None:
    # Called below `extract` (which swallows errors), so a bug in a rule shows here.
    found = russian_mentions(text, published)
    assert all(m.low <= m.high for m in found)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([
    "С 21 сентября", "в Казахстан", "из Грузии", "въехали", "уехали", "более", "около", "до",
    "700 тыс.", "1,2 млн", "полмиллиона", "от 5 до 6 тысяч", "12\u00a0000", "тысячи",
    "по данным МВД", "— сказал он.", "«", "»", ", из них", "в сутки", "за неделю", "\n",
    "эту цифру", "опроверг", "2022 году", "мобилизации", ". ", ": ", "— ",
]), max_size=30).map(" ".join))
def test_russian_reader_never_raises_on_phrases(text: str) -> None:
    found = russian_mentions(text, None, title="Заголовок", site="example.kz")
    assert all(m.low <= m.high for m in found)


# ------------------------------------------------ second corpus (ru2): classes of phrasing
# Each test below names a class of phrasing that the second corpus showed the 0.6.0 reader
# missing; the wordings are new.


@pytest.mark.parametrize(("printed", "value"), [
    ("12 тыс. 480", 12_480),  # thousands, then the rest in three digits
    ("7 тысяч 305", 7_305),
])
def test_thousands_then_the_rest(printed: str, value: int) -> None:
    row = _one(f"С 21 сентября в Монголию въехали {printed} граждан России.")
    assert (row.low, row.high, row.qualifier) == (value, value, "exact")


def test_thousands_then_a_year_stay_apart() -> None:
    assert [a.low for a in read_amounts("около 5 тыс. 2023 года")] == [5_000, 2_023]


def test_odd_thousands_are_at_least() -> None:
    row = _one("С 21 сентября в Грузию въехали 120 с небольшим тысяч россиян.")
    assert (row.low, row.qualifier) == (120_000, "at_least")


@pytest.mark.parametrize(("printed", "value"), [
    ("трети миллиона", 333_333), ("четверти миллиона", 250_000)])
def test_fractions_of_a_million(printed: str, value: int) -> None:
    row = _one(f"С 21 сентября из России уехали около {printed} человек.")
    assert (row.metric, row.low, row.qualifier) == ("departed", value, "approx")


@pytest.mark.parametrize(("sentence", "qualifier"), [
    ("С 21 сентября в Армению въехали по меньшей мере 40 тысяч россиян.", "at_least"),
    ("С 21 сентября в Армению въехали по крайней мере 40 тысяч россиян.", "at_least"),
    ("Число уехавших в Армению оценивают максимум в 40 тысяч человек.", "at_most"),
    # a forecast
    ("В ближайшие дни поток россиян в Армению может достичь 40 тысяч человек.", "at_most"),
])
def test_more_hedges(sentence: str, qualifier: str) -> None:
    row = _one(sentence)
    assert (row.destination, row.low, row.qualifier) == ("AM", 40_000, qualifier)


def test_a_scale_abbreviation_can_end_a_sentence() -> None:
    ends = split_sentences("В Казахстан въехали 1,3 млн. Депутат Иванов считает иначе.")
    assert len(ends) == 2
    # «5 тыс. ИИН»: an all-capitals word goes on
    assert len(split_sentences("За неделю выдано 5 тыс. ИИН гражданам России.")) == 1


def test_a_weekday_before_a_verb_of_saying_dates_the_statement() -> None:
    row = _one("В понедельник Reuters со ссылкой на пограничников написал о 45 тысячах "
               "россиян, уехавших в Казахстан.")
    assert (row.per, row.destination) == (None, "KZ")
    # an aside («, уточнил он,») does not: the count is that day's
    row = _one("Вчера, уточнил министр, в Грузию въехали почти 9 тысяч россиян.")
    assert row.per == "day"


def test_a_week_counted_from_the_mobilisation_is_cumulative() -> None:
    row = _one("За первую неделю после объявления мобилизации в Армению прибыли 40 тысяч "
               "россиян.")
    assert (row.per, row.since) == (None, date(2022, 9, 21))


def test_that_week_in_a_headline_over_a_stated_week_is_one_row() -> None:
    rows = _rows("В Эстонию за неделю после мобилизации въехали 9 тыс. россиян\n\n"
                 "С 19 по 25 сентября в Эстонию въехали 9 тыс. граждан России.")
    assert [(r.low, r.per, r.since) for r in rows] == [(9_000, "week", date(2022, 9, 19))]


@pytest.mark.parametrize(("wording", "per"), [
    ("каждую неделю", "week"), ("в пиковые дни", "day")])
def test_more_rate_words(wording: str, per: str) -> None:
    assert _one(f"В Израиль {wording} прибывают около 900 россиян.").per == per


def test_the_same_week_carries_its_start() -> None:
    rows = _rows("С 26 сентября по 2 октября в Финляндию въехали 30 тысяч россиян. "
                 "За ту же неделю в Эстонию въехали около 12 тысяч россиян.")
    assert [(r.destination, r.per, r.since) for r in rows] == [
        ("FI", "week", date(2022, 9, 26)), ("EE", "week", date(2022, 9, 26))]


@pytest.mark.parametrize(("wording", "since"), [
    ("С начала 2022 года", date(2022, 1, 1)),
    ("С сентября", date(2022, 9, 1)),
    ("В начале октября", date(2022, 10, 1)),
    ("Во второй половине сентября", date(2022, 9, 16)),
    ("С конца сентября", date(2022, 9, 21)),
])
def test_more_period_starts(wording: str, since: date) -> None:
    row = _one(f"{wording} в Сербию въехали 15 тысяч россиян.", date(2022, 10, 25))
    assert row.since == since


def test_of_them_after_a_number_does_not_date_it() -> None:
    rows = _rows("С 21 сентября в Армению въехали 60 тысяч россиян. Министр сообщил, что "
                 "призваны 250 тысяч резервистов, из них 90 тысяч в зоне боевых действий.")
    call_up = next(r for r in rows if r.metric == "called_up")
    assert (call_up.low, call_up.since) == (250_000, None)
    assert len(rows) == 2  # men at the front are no row


@pytest.mark.parametrize(("sentence", "metric", "destination"), [
    ("С 21 сентября около 80 тысяч россиян покинули Грузию.", "moved_on", "GE"),
    ("После мобилизации Россию покинули 400 тысяч человек.", "departed", None),
    # «страну» is the country the paragraph is about («в России»), not the destination
    ("В России объявили мобилизацию, многие поехали в Армению. По оценке демографов, "
     "страну покинули 500 тысяч человек.", "departed", None),
    ("В Казахстане сообщили, что с 21 сентября республику покинули 90 тысяч россиян.",
     "moved_on", "KZ"),
])
def test_what_was_left(sentence: str, metric: str, destination: str | None) -> None:
    row = _one(sentence)
    assert (row.metric, row.destination) == (metric, destination)


@pytest.mark.parametrize(("city", "code"), [
    ("Лаппеэнранту", "FI"), ("Бавру", "AM"), ("Нарву", "EE"), ("Ош", "KG")])
def test_more_cities(city: str, code: str) -> None:
    assert _one(f"С 21 сентября в {city} въехали 5 тысяч россиян.").destination == code


def test_there_after_several_places_is_a_departure() -> None:
    rows = _rows("Чаще всего уезжали в Грузию, Турцию и Сербию: туда, по подсчётам "
                 "«Медиазоны», прибыли около 150 тысяч россиян. Из них не меньше 40 тысяч "
                 "уже вернулись в Россию.")
    assert [(r.metric, r.destination, r.low) for r in rows] == [
        ("departed", None, 150_000), ("returned", None, 40_000)]


def test_return_with_no_place_in_a_many_country_article() -> None:
    rows = _rows("В Грузию въехали 70 тысяч россиян. В Казахстан въехали 200 тысяч.\n"
                 "По данным ФСБ, с октября в Россию вернулись около 100 тысяч человек.")
    assert [(r.metric, r.destination) for r in rows][-1] == ("returned", None)


@pytest.mark.parametrize(("sentence", "low"), [
    ("Убежище в Черногории в 2022 году запросили только 37 граждан России.", 37),
    ("Гражданство Армении с 21 сентября получили не более 60 россиян.", 60),
])
def test_small_counts_of_people(sentence: str, low: int) -> None:
    row = _one(sentence)
    assert (row.metric, row.low) == ("registered", low)


def test_small_ranges_are_anecdotes() -> None:
    assert _rows("Россияне едут в Дубай группами по 20–30 человек.") == []


def test_the_verb_of_a_relative_clause_after_the_number() -> None:
    row = _one("Из 150 тысяч россиян, которые с 21 сентября въехали в Грузию, многие уже "
               "вернулись домой.")
    assert (row.metric, row.destination, row.low) == ("arrived", "GE", 150_000)


def test_back_the_other_way_is_a_return() -> None:
    rows = _rows("С 19 по 25 сентября через границу в Эстонию въехали 14 тысяч россиян. "
                 "В обратном направлении за ту же неделю проехали 11 тысяч.")
    assert [(r.metric, r.low) for r in rows] == [("arrived", 14_000), ("returned", 11_000)]


@pytest.mark.parametrize("sentence", [
    "Уехать из России хотят ещё 50 тысяч айтишников.",
    "По опросу, собираются переехать в Казахстан 30 тысяч россиян.",
])
def test_an_intention_is_no_figure(sentence: str) -> None:
    assert _rows(sentence) == []


def test_the_call_up_noun_with_up_to() -> None:
    row = _one("Ряд СМИ со ссылкой на источник писал, что указ разрешает призыв до "
               "миллиона человек.")
    assert (row.metric, row.low, row.qualifier, row.source) == (
        "called_up", 1_000_000, "at_most", None)


def test_sent_to_the_troops_is_not_a_call_up() -> None:
    assert _rows("В войска направлены 41 тысяча мобилизованных.") == []


def test_arrivals_from_another_country_are_other_people() -> None:
    rows = _rows("В 2022 году в Израиль прибыли около 60 тысяч репатриантов. Из них около "
                 "30 тысяч приехали из России, ещё 20 тысяч — из Украины.")
    # the total counted every origin, the Ukrainians are other people
    assert [(r.destination, r.low) for r in rows] == [("IL", 30_000)]


def test_an_article_about_refugees_from_ukraine_has_no_rows() -> None:
    assert _rows("С 24 февраля в Румынию въехали более 1 млн беженцев из Украины.") == []


def test_list_items_continue_the_first_ones_count() -> None:
    rows = _rows("Что известно по странам:\n"
                 "• Армения — около 40 тыс. въехавших с 21 сентября (Миграционная служба);\n"
                 "• Сербия — 8 тыс. с 21 сентября (МВД Сербии);\n"
                 "• Турция — официальных данных нет.")
    assert [(r.metric, r.destination, r.low, r.source) for r in rows] == [
        ("arrived", "AM", 40_000, "Миграционная служба"),
        ("arrived", "RS", 8_000, "МВД Сербии")]


def test_a_sum_of_places_is_a_departure() -> None:
    rows = _rows("В Грузию въехали 50 тыс. россиян, в Казахстан — 200 тыс.\n"
                 "В сумме это около 250 тысяч человек.")
    assert ("departed", None, 250_000) in [(r.metric, r.destination, r.low) for r in rows]


def test_a_verb_and_a_dash_keep_the_period_of_the_sentence_before() -> None:
    rows = _rows("Погранслужба Армении: за прошедшие сутки в страну въехали 3 тыс. 420 "
                 "россиян. Выехали — 1 тыс. 150.")
    assert [(r.metric, r.destination, r.low, r.per) for r in rows] == [
        ("arrived", "AM", 3_420, "day"), ("moved_on", "AM", 1_150, "day")]


# ------------------------------------------------------------------- ru2: sources


@pytest.mark.parametrize(("sentence", "source"), [
    ("Как отметил глава пограничной службы Иван Петров, с 21 сентября в Грузию въехали "
     "60 тысяч россиян.", "глава пограничной службы Иван Петров"),
    ("Власти Армении сообщали о 12 тысячах россиян, въехавших с 21 сентября.",
     "Власти Армении"),
    ("Глава МВД Казахстана также заявил, что с 21 сентября в страну въехали 150 тысяч "
     "россиян.", "Глава МВД Казахстана"),
    ("В Грузию с 21 сентября въехали 70 тысяч россиян, пишут местные СМИ.", "местные СМИ"),
    ("🔥 МВД Грузии: с 21 сентября в страну въехали 70 тысяч россиян.", "МВД Грузии"),
])
def test_more_source_forms(sentence: str, source: str) -> None:
    assert _one(sentence).source == source


def test_a_teller_quoting_someone_else() -> None:
    row = _one("В среду Bloomberg со ссылкой на чиновника, знакомого с данными, сообщил "
               "о 500 тысячах уехавших из России.")
    assert row.source == "Bloomberg (чиновника)"


def test_a_pronoun_with_where_it_was_said() -> None:
    rows = _rows("Министр обороны Сергей Шойгу выступил в Кремле. «Призваны 300 тысяч "
                 "человек», — сказал он на совещании в Кремле.")
    assert rows[0].source == "Министр обороны Сергей Шойгу"


def test_who_disputes_a_figure_is_still_the_last_speaker() -> None:
    rows = _rows("Глава МВД Грузии Иван Иванов назвал ложью сообщения о том, что в Грузию "
                 "въехали 300 тысяч россиян. По его словам, в страну въезжает около 8 тысяч "
                 "человек в сутки.")
    assert [(r.low, r.disputed, r.source) for r in rows] == [
        (300_000, True, None), (8_000, False, "Глава МВД Грузии Иван Иванов")]


def test_data_named_after_a_dash_in_the_next_sentence() -> None:
    rows = _rows("В воскресенье в Финляндию въехали 7 тыс. россиян. Данные — "
                 "Пограничная служба Финляндии.")
    assert rows[0].source == "Пограничная служба Финляндии"


def test_the_ministry_alone_points_back_but_a_named_ministry_does_not() -> None:
    rows = _rows("МВД Сербии сообщило о 30 тысячах ВНЖ, выданных россиянам с 24 февраля. "
                 "По данным министерства, в Сербию въехали 200 тысяч россиян. По данным "
                 "Министерства труда Сербии, разрешения на работу получили 5 тысяч россиян.")
    assert [r.source for r in rows] == ["МВД Сербии", "МВД Сербии", "Министерства труда Сербии"]


def test_a_table_names_its_sources_in_a_column() -> None:
    rows = _rows("Страна | Показатель | Значение | Источник\n"
                 "Армения | въезды граждан РФ за 2022 г. | 800 000 | Служба нацбезопасности\n")
    assert [(r.destination, r.low, r.source) for r in rows] == [
        ("AM", 800_000, "Служба нацбезопасности")]


def test_an_interview_answer_is_the_guest_s() -> None:
    rows = _rows("Редакция поговорила с демографом Анной Смирновой о релокации.\n"
                 "— Сколько россиян осталось в Грузии?\n"
                 "— По нашей оценке, в Грузию с 21 сентября въехали около 100 тысяч "
                 "россиян.")
    assert rows[0].source == "демографом Анной Смирновой"


def test_a_long_about_this_before_the_speaker() -> None:
    rows = _rows("С 21 сентября в Казахстан въехали 150 тысяч россиян. Об этом в четверг на "
                 "заседании правительства в Астане сообщил министр Иван Петров.")
    assert rows[0].source == "министр Иван Петров"


# ------------------------------------------------------------------- ru2: disputes


@pytest.mark.parametrize("denial", [
    "Эксперты уверены, что реальная цифра значительно ниже.",
    "В МВД эти сообщения опровергли.",
    "Пресс-секретарь назвал эти данные далёкими от реальности.",
])
def test_a_denial_in_the_next_sentence(denial: str) -> None:
    row = _one(f"С 21 сентября в Армению въехали 90 тысяч россиян. {denial}")
    assert row.disputed


def test_misleading_disputes_the_figure_it_names() -> None:
    rows = _rows("В 2022 году в Грузию въехали 1,2 млн россиян. Аналитик считает, что "
                 "цифра в 1,2 млн вводит в заблуждение.")
    assert [(r.low, r.disputed) for r in rows] == [(1_200_000, True)]


@pytest.mark.parametrize("sentence", [
    "Последние данные: в Казахстан с 21 сентября въехали 100 тысяч россиян.",
    "Данные: в Казахстан с 21 сентября въехали 100 тысяч россиян.",
])
def test_a_place_or_a_figure_is_no_source(sentence: str) -> None:
    assert _one(sentence).source is None


# ------------------------------------------------------------ ru3: classes of phrasing
# Each test below is one class of phrasing first met in tests/figures/ru3, in new words.


def test_a_comparison_with_a_baseline_keeps_the_figure() -> None:
    row = _one("Иммиграционная служба Сербии сообщила, что в 2022 году вид на жительство "
               "запросили 4 300 граждан России — втрое больше, чем годом ранее.")
    assert (row.metric, row.destination, row.low) == ("registered", "RS", 4300)


def test_a_baseline_after_a_comma_is_the_next_number_s() -> None:
    row = _one("Пограничники Монголии: ежедневно в страну въезжают 3–4 тысячи россиян, "
               "до мобилизации было около 500 человек.")
    assert (row.metric, row.destination, row.low, row.high, row.per) == (
        "arrived", "MN", 3000, 4000, "day")


def test_a_month_that_ended_before_the_mobilisation_is_no_row() -> None:
    assert _rows("В мае, по подсчётам аналитиков, страну покинули около 90 тысяч человек.",
                 date(2022, 11, 2)) == []
    assert _rows("В первой половине сентября в Финляндию ежедневно въезжали около "
                 "3 тыс. человек.", date(2022, 11, 2)) == []


def test_population_statistics_are_no_exodus() -> None:
    assert _rows("Естественная убыль населения за полгода составила 290 тыс. человек, "
                 "миграционный прирост — около 60 тыс.") == []


def test_a_press_release_speaks_for_the_body_in_its_heading() -> None:
    text = ("Государственная пограничная служба Латвии\n\nПРЕСС-РЕЛИЗ\n\n"
            "С 21 по 27 сентября через сухопутную границу в Латвию въехали 9 400 "
            "граждан России.")
    row = _one(text)
    assert (row.metric, row.destination, row.low) == ("arrived", "LV", 9400)
    assert row.source == "Государственная пограничная служба Латвии"


def test_the_same_day_is_a_one_day_count() -> None:
    rows = _rows("В пятницу в Эстонию въехали 3 100 россиян. В тот же день обратно в Россию "
                 "выехали 1 900 человек.")
    back = [r for r in rows if r.metric == "returned"]
    assert [(r.destination, r.low, r.per) for r in back] == [("EE", 1900, "day")]


def test_other_nationalities_as_the_subject_are_no_rows() -> None:
    assert _rows("Граждан Казахстана за ту же неделю въехало в Грузию около 2,4 тыс.") == []


def test_a_country_adjective_puts_that_country_in_view() -> None:
    row = _one("Турецкие власти сообщили, что за октябрь к ним прилетели около 25 тысяч "
               "россиян.")
    assert (row.metric, row.destination, row.low) == ("arrived", "TR", 25000)


def test_a_new_report_without_a_place_is_a_total() -> None:
    text = ("Глава МВД Кыргызстана: с 21 сентября въехали 120 тысяч россиян. Bloomberg со "
            "ссылкой на собеседника в правительстве пишет о 500 тысячах уехавших.")
    keys = {(r.metric, r.destination, r.low) for r in _rows(text)}
    assert ("departed", None, 500_000) in keys


def test_a_list_of_destinations_is_not_a_place_left() -> None:
    text = ("Рейсы в Ереван, Белград и Стамбул были забиты. По моей оценке, уехали "
            "от 250 до 350 тысяч человек.")
    keys = {(r.metric, r.destination, r.low, r.high) for r in _rows(text)}
    assert ("departed", None, 250_000, 350_000) in keys


def test_a_joint_word_followed_by_a_comma_starts_a_clause() -> None:
    row = _one("Всего, по его подсчётам, уехали 280 тысяч человек, из которых, вероятно, "
               "часть уже вернулась.")
    assert (row.metric, row.low) == ("departed", 280_000)


def test_a_denial_reaches_back_past_a_sentence_with_no_number() -> None:
    text = ("По данным The Bell, страну покинули 500 тысяч человек. Издание ссылается на "
            "собственные источники. Пресс-секретарь Кремля эту цифру опроверг.")
    assert _one(text).disputed


def test_a_denial_that_names_whose_data() -> None:
    text = ("Forbes пишет о 600 тысячах уехавших.\n\n"
            "Через два дня в Кремле назвали данные Forbes сильно завышенными.")
    assert _one(text).disputed


def test_nonsense_is_a_denial_by_reference() -> None:
    text = "Называют цифру в 900 тысяч уехавших. Власти говорят, что это ерунда."
    assert _one(text).disputed


def test_a_pipe_table_with_a_verb_in_its_header() -> None:
    text = ("| Страна | Прибыли, чел. | Период | Источник |\n"
            "|---|---|---|---|\n"
            "| Армения | ~40 000 | 21.09–10.10 | СНБ Армении |\n"
            "| Сербия | 12 000+ | 19.09–25.09 | МВД Сербии |\n"
            "| Турция | н/д | — | — |")
    rows = {r.destination: r for r in _rows(text, date(2022, 10, 20))}
    armenia, serbia = rows["AM"], rows["RS"]
    assert (armenia.metric, armenia.low, armenia.qualifier, armenia.per, armenia.since,
            armenia.source) == ("arrived", 40000, "approx", None, date(2022, 9, 21),
                                "СНБ Армении")
    assert (serbia.low, serbia.qualifier, serbia.per, serbia.since) == (
        12000, "at_least", "week", date(2022, 9, 19))
    assert "TR" not in rows


def test_a_peak_of_people_with_no_verb() -> None:
    row = _one("Пик на эстонской границе — 2 300 человек за день.")
    assert (row.metric, row.destination, row.low, row.per) == ("arrived", "EE", 2300, "day")


def test_a_peak_of_cars_is_no_row() -> None:
    assert _rows("На пике у перехода в Казахстан стояли больше 3 тысяч.") == []


def test_of_a_whole_the_verb_after_the_part_is_its_own() -> None:
    text = ("Власти Армении сообщили о ситуации. По их словам, из 90 тысяч прибывших около "
            "40 тысяч уже выехали из страны — дальше, в Грузию и Турцию.")
    keys = {(r.metric, r.destination, r.low) for r in _rows(text)}
    assert ("moved_on", "AM", 40000) in keys


def test_a_weekend_span_of_days_is_cumulative() -> None:
    row = _one("За выходные 1–2 октября в Монголию въехали около 6 тысяч россиян.")
    assert (row.per, row.since) == (None, date(2022, 10, 1))


def test_just_over_after_the_scale() -> None:
    row = _one("За сутки в Армению въехали 4 тыс. с небольшим россиян.")
    assert row.qualifier == "at_least"


def test_a_correction_quotes_a_retracted_figure() -> None:
    text = ("Уточнение. В предыдущей версии заметки говорилось, что в Сербию переехали "
            "40 тысяч россиян. На самом деле туда переехали 14 тысяч россиян.")
    assert {r.low for r in _rows(text)} == {14000}


def test_asylum_among_migrants_from_third_countries_is_no_row() -> None:
    text = ("Норвегия закрывает границу с Россией: с лета через неё прибыли сотни "
            "искателей убежища из третьих стран.\n\n"
            "За последнюю неделю убежища попросили более 200 человек.")
    assert _rows(text) == []


def test_the_date_of_a_statement_is_no_one_day_count() -> None:
    rows = {r.low: r for r in _rows("12 октября министр сообщил, что с 21 сентября в "
                                    "Узбекистан въехали 70 тысяч россиян, а выехали около "
                                    "30 тысяч.")}
    assert (rows[30000].metric, rows[30000].per) == ("moved_on", None)


def test_the_same_ministry_points_back_to_the_publisher() -> None:
    text = ("Армянское МВД тогда публиковало данные каждый день. По подсчётам того же "
            "министерства, с 21 сентября в Армению въехали около 40 тысяч россиян.")
    assert _one(text).source == "Армянское МВД"


def test_a_title_in_lowercase_after_a_date_opens_the_subject() -> None:
    row = _one("12 октября глава МВД Киргизии Улан Ниязбеков сообщил, что с 21 сентября в "
               "страну въехали 120 тысяч россиян.")
    assert row.source is not None and "Ниязбеков" in row.source


def test_as_reported_earlier_introduces_a_source() -> None:
    row = _one("Как заявлял ранее министр внутренних дел Армении Ваге Казарян, с 21 сентября "
               "в страну въехали 40 тысяч россиян.")
    assert row.source == "министр внутренних дел Армении Ваге Казарян"


# ------------------------------------------------------------- ru4: general constructions


def test_residence_permits_are_registered() -> None:
    row = _one("Миграционная служба Сербии сообщила, что россиянам выдали более 50 тыс. "
               "разрешений на проживание.")
    assert (row.metric, row.destination, row.low) == ("registered", "RS", 50_000)


def test_of_them_right_after_the_number_continues_the_count() -> None:
    rows = _rows("В 2022 году в Аргентину въехали 20 тыс. граждан России. Около 9 тыс. из них — "
                 "студенты, приехавшие учиться.")
    part = next(r for r in rows if r.low == 9_000)
    assert (part.metric, part.destination, part.since) == ("arrived", "AR", date(2022, 1, 1))


def test_a_lower_bound_is_at_least_the_same_count() -> None:
    rows = _rows("После объявления мобилизации Россию покинули от 400 до 600 тысяч человек. "
                 "Четыреста тысяч — это нижняя граница оценки.")
    bound = next(r for r in rows if (r.low, r.high) == (400_000, 400_000))
    assert (bound.metric, bound.qualifier, bound.since) == (
        "departed", "at_least", date(2022, 9, 21))


def test_a_verb_after_chem_is_the_term_compared() -> None:
    rows = _rows("В 2023 году в Грузию иммигрировали 25 тыс. россиян, а эмигрировали больше, "
                 "чем приехали, — около 28 тыс.", date(2024, 2, 1))
    assert {(r.metric, r.destination, r.low) for r in rows} == {
        ("arrived", "GE", 25_000), ("moved_on", "GE", 28_000)}


def test_emigrating_from_the_country_people_came_to() -> None:
    rows = _rows("По данным статистиков, в 2023 году в страну иммигрировали 30 тыс. россиян, а "
                 "эмигрировали около 20 тыс. Грузия остаётся главным направлением.",
                 date(2024, 2, 1))
    left = next(r for r in rows if r.low == 20_000)
    assert (left.metric, left.destination) == ("moved_on", "GE")


def test_the_numbers_own_words_after_a_dash_say_what_it_counts() -> None:
    rows = _rows("С 21 сентября из Армении выехали 12 тыс. россиян, из них около 5 тыс. — "
                 "обратно в Россию.")
    back = next(r for r in rows if r.low == 5_000)
    assert (back.metric, back.destination) == ("returned", "AM")


def test_an_elliptical_total_is_the_same_count_as_the_verb_it_borrows() -> None:
    rows = _rows("Он сообщил, что за минувшие сутки в Казахстан въехали 9 тысяч человек, а всего "
                 "с 21 сентября — около 90 тысяч.")
    total = next(r for r in rows if r.low == 90_000)
    assert (total.metric, total.destination, total.per, total.since) == (
        "arrived", "KZ", None, date(2022, 9, 21))
    daily = next(r for r in rows if r.low == 9_000)
    assert daily.per == "day"


def test_a_place_people_came_from_is_not_where_they_arrived() -> None:
    rows = _rows("По данным министерства, в Израиль прибыли 30 тыс. россиян. Из Украины за год "
                 "прибыли около 12 тыс. человек, из Молдавии — около 3 тыс.")
    assert {(r.destination, r.low) for r in rows} == {("IL", 30_000)}


def test_a_return_from_several_places_has_no_destination() -> None:
    row = _one("По нашим подсчетам, из Армении и Турции в Россию вернулись около 60 тысяч "
               "человек.")
    assert (row.metric, row.destination) == ("returned", None)


def test_a_total_that_never_names_russians_is_broken_down_by_origin() -> None:
    rows = _rows("В 2022 году в Израиль репатриировались около 70 тыс. человек. По данным "
                 "министерства, 40 000 репатриантов приехали из России.", date(2023, 1, 10))
    assert [(r.metric, r.destination, r.low, r.since) for r in rows] == [
        ("arrived", "IL", 40_000, date(2022, 1, 1))]


def test_a_subordinate_clause_is_no_source() -> None:
    row = _one("Если сложить то, что публиковали соседние страны, получается, что Россию "
               "покинули 600 тысяч человек.")
    assert row.source is None


def test_the_subject_before_a_participle_aside_is_the_source() -> None:
    row = _one("Пограничник из Бугристого, попросивший не называть его имени, рассказал "
               "«Ведомостям», что в Казахстан въезжают до 5 тысяч человек в сутки.")
    assert row.source is not None and row.source.startswith("Пограничник")


def test_a_headline_source_after_a_dash() -> None:
    rows = _rows("300 тысяч россиян уехали из страны за неделю — «Медиазона»\n\nТекст статьи.")
    assert rows[0].source == "Медиазона"


def test_a_preliminary_figure_of_a_named_body_keeps_the_body() -> None:
    row = _one("По предварительным данным Армстата за 2023 год, в Армению иммигрировали около "
               "40 тыс. россиян.", date(2024, 2, 1))
    assert row.source == "Армстата"
    vague = _one("По предварительным данным, в Армению въехали около 40 тыс. россиян.")
    assert vague.source is None


def test_a_bracketed_short_name_stays_with_the_source() -> None:
    row = _one("В 2022 году в Армению въехали 60 тыс. граждан России, следует из данных "
               "Статистического комитета (Армстат).", date(2023, 3, 1))
    assert row.source == "Статистического комитета (Армстат)"


def test_a_pronoun_object_gives_the_estimate_its_source() -> None:
    rows = _rows("Сколько человек уехали?\n\nСамая известная оценка — до 700 тысяч. Ее "
                 "опубликовал Forbes со ссылкой на источник в Кремле.")
    assert [(r.metric, r.low, r.qualifier, r.source) for r in rows] == [
        ("departed", 700_000, "at_most", "Forbes (источник в Кремле)")]


def test_a_heading_question_gives_the_answer_its_metric() -> None:
    text = "Почему никто не знает?\n\nОценка — 500 тысяч."
    assert _rows(text) == []
    asked = _rows("Сколько человек уехали?\n\nОценка — 500 тысяч.")
    assert [(r.metric, r.low) for r in asked] == [("departed", 500_000)]


def test_this_figure_names_the_source_of_the_figure_before() -> None:
    rows = _rows("Песков опроверг сообщения о том, что указ позволяет призвать до 2 млн человек. "
                 "«Это ложь», — сказал он.\n\nНакануне «Медуза» со ссылкой на источник в "
                 "Кремле написала, что в документе указана именно эта цифра.")
    assert [(r.metric, r.source, r.disputed) for r in rows] == [
        ("called_up", "Медуза (источник в Кремле)", True)]


def test_a_plural_denial_disputes_every_figure_of_its_paragraph() -> None:
    rows = _rows("Forbes пишет, что Россию покинули 700 тысяч человек. Другой источник назвал "
                 "диапазон от 500 до 600 тысяч уехавших. Песков заявил, что эти цифры "
                 "преувеличены.")
    assert len(rows) == 2 and all(r.disputed for r in rows)
    single = _rows("Forbes пишет, что Россию покинули 700 тысяч человек. Другой источник назвал "
                   "диапазон от 500 до 600 тысяч уехавших. Песков заявил, что эта цифра "
                   "преувеличена.")
    assert [r.low for r in single if r.disputed] == [500_000]


def test_since_a_year() -> None:
    row = _one("Гражданство Казахстана с 2022 года получили 240 граждан России.",
               date(2024, 9, 20))
    assert (row.metric, row.since) == ("registered", date(2022, 1, 1))


def test_the_mobilisation_pool_is_not_called_up() -> None:
    rows = _rows("Шойгу заявил, что будут призваны 300 000 резервистов — чуть больше 1% "
                 "мобилизационного ресурса, который он оценил почти в 25 млн человек.")
    assert [(r.metric, r.low) for r in rows] == [("called_up", 300_000)]


def test_election_observers_are_not_a_figure() -> None:
    assert _rows("Миссия ОБСЕ, направившая в Грузию около 500 наблюдателей, представит "
                 "заявление 27 октября. Россия не направляла наблюдателей.") == []


# ----------------------------------------------------------------- rules from ru5


def test_a_country_side_after_na_is_where_people_went() -> None:
    row = _one("За сутки на казахстанскую сторону перешли около 4 тысяч человек.")
    assert (row.metric, row.destination, row.per, row.qualifier) == ("arrived", "KZ", "day",
                                                                    "approx")


def test_going_away_on_foot_is_leaving() -> None:
    row = _one("С 21 сентября в Монголию ушли более 3 тысяч россиян.")
    assert (row.metric, row.destination, row.low) == ("arrived", "MN", 3_000)


def test_a_border_post_pointed_back_to_leads_to_its_country() -> None:
    rows = _rows("На подъезде к КПП «Верхний Ларс» скопились машины.\n\nПо данным "
                 "пограничников, за сутки через пункт пропуска выехали 6 200 человек.")
    assert [(r.metric, r.destination, r.per) for r in rows] == [("arrived", "GE", "day")]


def test_leaving_from_a_russian_border_post_is_crossing_it() -> None:
    row = _one("С 21 сентября из Кяхты выехали около 4 тыс. человек.")
    assert (row.metric, row.destination) == ("arrived", "MN")


def test_a_transit_country_is_not_the_country_in_view() -> None:
    rows = _rows("С 21 сентября в Узбекистан въехали 40 тыс. россиян. Часть едет транзитом "
                 "через Казахстан. Ежедневно в республику въезжают около 3 тыс. человек.")
    assert {(r.destination, r.low) for r in rows} == {("UZ", 40_000), ("UZ", 3_000)}


def test_last_year_is_a_baseline_in_an_article_of_2022() -> None:
    text = ("С 21 сентября в Армению въехали 40 тыс. россиян. За тот же месяц прошлого "
            "года в Армению въехали около 9 тыс. граждан России.")
    assert [r.low for r in _rows(text)] == [40_000]
    later = _rows("В прошлом году в Армению въехали около 90 тыс. граждан России.",
                  date(2023, 3, 1))
    assert [r.low for r in later] == [90_000]


@pytest.mark.parametrize("period", ["в первую неделю августа", "за весь июль",
                                    "в последние дни августа"])
def test_a_part_of_a_month_before_the_mobilisation_is_a_baseline(period: str) -> None:
    text = f"Для сравнения, {period} в Грузию въехали около 5 тыс. россиян."
    assert _rows(text) == []


def test_a_negated_verb_is_not_the_count() -> None:
    row = _one("С начала года Россию покинули и не вернулись около 50 тыс. врачей.")
    assert (row.metric, row.since) == ("departed", date(2022, 1, 1))


def test_called_up_men_sent_home_are_no_row() -> None:
    assert _rows("Около 200 мужчин, призванных с нарушениями, уже вернулись домой.") == []


def test_a_dateline_city_is_the_republic_left() -> None:
    row = _one("АСТАНА. С 21 сентября из республики выехали 90 тыс. россиян.")
    assert (row.metric, row.destination) == ("moved_on", "KZ")
    home = _one("МОСКВА. С 21 сентября из страны выехали 90 тыс. человек.")
    assert (home.metric, home.destination) == ("departed", None)


def test_a_half_after_a_number_word_and_a_hedge_before_po() -> None:
    row = _one("В аэропорту Бишкека ежедневно встречают примерно по три с половиной тысячи "
               "россиян.")
    assert (row.metric, row.destination, row.low, row.per, row.qualifier) == (
        "arrived", "KG", 3_500, "day", "approx")


def test_a_tax_number_is_registered() -> None:
    row = _one("В Киргизии ИНН с 21 сентября получили более 3 тыс. россиян.")
    assert (row.metric, row.destination, row.qualifier) == ("registered", "KG", "at_least")


def test_among_them_is_a_breakdown_and_a_total_after_it_is_not() -> None:
    rows = _rows("С 21 сентября в Израиль из России репатриировались 4 тыс. человек. Среди "
                 "них около 1,5 тыс. — мужчины. Всего с начала года из России прибыли более "
                 "20 тыс. репатриантов.")
    assert [(r.destination, r.low, r.since) for r in rows] == [
        ("IL", 4_000, date(2022, 9, 21)), ("IL", 1_500, date(2022, 9, 21)),
        ("IL", 20_000, date(2022, 1, 1))]


def test_an_estimate_roughly_at_a_number_is_approx() -> None:
    row = _one("Экономист оценивает число уехавших примерно в 400 тысяч человек.")
    assert (row.metric, row.qualifier) == ("departed", "approx")


def test_people_present_are_a_stock() -> None:
    assert _rows("Сейчас в Казахстане находятся около 60 тыс. россиян, въехавших после "
                 "21 сентября.") == []


def test_a_pointer_noun_with_a_complement_of_its_own_is_a_new_source() -> None:
    rows = _rows("Глава МВД Грузии заявил, что с 21 сентября в Грузию въехали 50 тыс. "
                 "россиян. Ежедневно в Тбилиси прилетают около 3 тыс. человек, рассказал "
                 "представитель аэропорта.")
    assert [r.source for r in rows] == ["Глава МВД Грузии", "представитель аэропорта"]


def test_a_subordinator_and_an_adverb_before_the_verb_put_the_subject_after() -> None:
    row = _one("Как ранее сообщил глава погранслужбы Иван Петров, с 21 сентября в Монголию "
               "въехали 5 тыс. россиян.")
    assert row.source is not None and "Петров" in row.source


def test_a_live_blog_time_stamp_is_no_part_of_the_source() -> None:
    row = _one("10:15 МВД Грузии: за сутки в страну въехали 9 тыс. россиян.")
    assert (row.destination, row.source) == ("GE", "МВД Грузии")


def test_a_colon_head_that_is_a_clause_names_no_one() -> None:
    row = _one("Но это оценки, а не данные: с 21 сентября Россию покинули 300 тыс. человек.")
    assert row.source is None


def test_a_verb_inside_a_subordinate_clause_has_no_subject_before_it() -> None:
    row = _one("В соцсетях разошлась картинка с утверждением, что из России уехали 3 млн "
               "человек. Редакция проверила, откуда взялась эта цифра и что о масштабах "
               "отъезда говорят доступные данные.")
    assert row.source is None


def test_a_denial_naming_the_value_disputes_that_figure() -> None:
    row = _one("Блогеры пишут, что из России уехали 3 млн человек.\n\n«Три миллиона — это "
               "явное преувеличение», — считает демограф.")
    assert row.disputed


def test_a_figure_named_as_such_can_be_denied() -> None:
    rows = _rows("По оценке экономистов, Россию покинули 500 тысяч человек. Чаще всего в СМИ "
                 "звучала цифра в 800 тысяч. В Кремле эту цифру опровергли.")
    assert sorted((r.low, r.disputed) for r in rows) == [(500_000, False), (800_000, True)]


def test_the_subject_of_an_elliptical_clause_is_its_source() -> None:
    rows = _rows("МВД Армении сообщило о 40 тыс. въехавших с 21 сентября россиян, власти "
                 "Грузии — о 60 тыс.")
    assert [(r.low, r.source) for r in rows] == [(40_000, "МВД Армении"),
                                                 (60_000, "власти Грузии")]


def test_a_later_clause_with_its_own_country_source_and_start() -> None:
    rows = _rows("По данным Frontex, за прошлую неделю в страны ЕС въехали 50 тыс. россиян, "
                 "а пограничники Казахстана насчитали с 21 сентября более 100 тыс. "
                 "въехавших.")
    last = [r for r in rows if r.low == 100_000]
    assert [(r.metric, r.destination, r.per, r.since, r.source) for r in last] == [
        ("arrived", "KZ", None, date(2022, 9, 21), "пограничники Казахстана")]


def test_a_part_of_men_at_the_front_is_at_the_front() -> None:
    assert _rows("По данным Минобороны, 90 тыс. мобилизованных уже направлены в зону боевых "
                 "действий, из них 30 тыс. — в составе штурмовых бригад.") == []


def test_a_paragraph_about_another_nationality() -> None:
    rows = _rows("В прошлом году за рубежом работали около 1 млн граждан Таджикистана. В "
                 "Казахстан на заработки выехали около 100 тыс. человек.", date(2023, 3, 1))
    assert rows == []


def test_passengers_are_trips_not_people() -> None:
    rows = _rows("В Армению с 21 сентября прилетели 30 тыс. россиян. Всего в сентябре аэропорт "
                 "обслужил 250 тыс. пассажиров.")
    assert [r.low for r in rows] == [30_000]


def test_another_amount_for_a_year_in_short_form() -> None:
    rows = _rows("В 2022 году в Израиль из России переехали 40 тыс. человек. В 2023-м, по "
                 "данным ведомства, — еще около 15 тыс.", date(2024, 3, 1))
    assert [(r.destination, r.low, r.since) for r in rows] == [
        ("IL", 40_000, date(2022, 1, 1)), ("IL", 15_000, date(2023, 1, 1))]


# ------------------------------------------------------------- ru6 round (0.10.x)


def test_relocation_is_a_move_abroad() -> None:
    row = _one("Релокация из России в Грузию за 2022 год составила около 60 тыс. человек, "
               "сообщил экономист Иван Петров.", date(2023, 4, 1))
    assert (row.metric, row.destination, row.low, row.since) == (
        "arrived", "GE", 60_000, date(2022, 1, 1))


def test_inflow_noun_is_arrivals() -> None:
    row = _one("В Монголию, по словам пограничников, ежедневный приток составлял 2 000 "
               "человек в день.")
    assert (row.metric, row.destination, row.per) == ("arrived", "MN", "day")


def test_businesses_are_not_people() -> None:
    assert _rows("По данным Минэкономики, в прошлом году россияне открыли в Армении 3 000 "
                 "юрлиц и зарегистрировали 5 тысяч индивидуальных предпринимателей.",
                 date(2023, 5, 1)) == []


def test_a_hedge_before_do_after_a_verb_of_change() -> None:
    row = _one("Число россиян, въезжающих в Казахстан, сократилось почти до 6 тысяч в день, "
               "сообщили в КНБ.")
    assert (row.low, row.qualifier) == (6_000, "approx")
    row = _one("Число россиян, въезжающих в Казахстан, упало примерно до 5 тысяч в день, "
               "сообщили в КНБ.")
    assert (row.low, row.qualifier) == (5_000, "approx")


def test_a_week_before_said_as_nedeley_ranshe() -> None:
    rows = _rows("В понедельник в Эстонию въехали 2 100 россиян, тогда как неделей раньше — "
                 "1 400, сообщили пограничники.")
    assert [r.low for r in rows] == [2_100]


def test_a_copula_continues_the_figure_before() -> None:
    rows = _rows("В Грузию въезжали по 7 тысяч человек в день, сообщил глава МВД. В пятницу "
                 "было 8 300.", date(2022, 9, 30))
    assert sorted((r.low, r.metric, r.per) for r in rows) == [
        (7_000, "arrived", "day"), (8_300, "arrived", "day")]


def test_figures_as_the_evidence_of_a_denial() -> None:
    rows = _rows("Погранслужба сообщила, что с 21 по 30 сентября в Армению въехали 40 тыс. "
                 "граждан России. В ведомстве отметили, что эти цифры опровергают слухи о "
                 "массовом бегстве.")
    assert [(r.low, r.disputed) for r in rows] == [(40_000, False)]


def test_a_time_phrase_is_no_part_of_a_subject() -> None:
    row = _one("В начале октября Погранслужба Казахстана сообщала, что с 21 сентября в "
               "страну въехали 150 тыс. россиян.", date(2022, 10, 20))
    assert row.source == "Погранслужба Казахстана"
    assert row.since == date(2022, 9, 21)
    row = _one("В Казахстан с 21 сентября въехали 150 тыс. россиян, сообщил в пятницу глава "
               "КНБ Иван Иванов.", date(2022, 10, 20))
    assert row.source == "глава КНБ Иван Иванов"


def test_a_body_named_after_a_preposition_points_back() -> None:
    rows = _rows("С 21 сентября в Армению въехали 30 тыс. россиян, сообщила пресс-служба "
                 "Миграционной службы. В ведомстве добавили, что вид на жительство "
                 "получили более 2 тыс. из них.")
    assert {r.source for r in rows} == {"пресс-служба Миграционной службы"}


def test_the_next_day_count() -> None:
    rows = _rows("По данным погранслужбы, 28 сентября в Грузию въехали 8 000 россиян. За "
                 "последующие сутки въехали 7 100 человек.", date(2022, 10, 3))
    assert sorted((r.low, r.per) for r in rows) == [(7_100, "day"), (8_000, "day")]


def test_yesterdays_count_in_other_words() -> None:
    row = _one("«За вчерашний день в ЦОНах приняли более 9 тысяч заявлений на ИИН от "
               "россиян», — сказал вице-министр.")
    assert (row.metric, row.per, row.qualifier) == ("registered", "day", "at_least")


def test_other_nationalities_listed_after_the_verb() -> None:
    rows = _rows("Граждан Таджикистана, въехавших в Казахстан за это время, — 40 120, "
                 "Узбекистана — 22 310.")
    assert rows == []


def test_a_stock_word_outside_the_numbers_clause() -> None:
    row = _one("Лучшим остается октябрь 2022 года, когда в Израиль из России прибыли более "
               "4 900 человек, пишет Haaretz.", date(2023, 6, 1))
    assert (row.metric, row.destination, row.low, row.since) == (
        "arrived", "IL", 4_900, date(2022, 10, 1))


def test_arrivals_from_several_countries_are_mixed() -> None:
    assert _rows("Всего из стран СНГ в Израиль в декабре прибыли 3 400 репатриантов.",
                 date(2023, 1, 20)) == []
    assert _rows("Всего за год страна приняла около 50 тысяч репатриантов из 80 стран.",
                 date(2023, 1, 20)) == []
    assert _rows("Вид на жительство в Черногории получили около 9 000 человек из России и "
                 "Беларуси вместе взятых.", date(2023, 1, 20)) == []


def test_a_whole_of_which_a_share_is_russian() -> None:
    assert _rows("По данным МВД Сербии, из почти 8 тысяч заявлений на ВНЖ 70% подали граждане "
                 "России.", date(2023, 1, 20)) == []


def test_by_the_results_of_a_year() -> None:
    row = _one("По результатам 2022 года в Аргентину из России переехали 22 300 человек, "
               "сообщили в миграционной службе.", date(2023, 2, 1))
    assert row.since == date(2022, 1, 1)


def test_one_month_alone_before_the_mobilisation() -> None:
    rows = _rows("В июне–августе в Грузию въехали 300 тыс. россиян, в одном только июне — "
                 "110 тысяч.", date(2022, 12, 1))
    assert rows == []
    rows = _rows("В июле–сентябре в Грузию въехали 400 тыс. россиян, сообщило МВД.",
                 date(2022, 12, 1))
    assert [(r.low, r.since) for r in rows] == [(400_000, date(2022, 7, 1))]


def test_a_quarter_before_the_mobilisation_is_a_baseline() -> None:
    rows = _rows("В третьем квартале 2022 года в Армению въехали 200 тыс. россиян — больше, "
                 "чем в первом квартале (90 тыс.), сообщило МВД.", date(2022, 11, 10))
    assert [r.low for r in rows] == [200_000]


def test_leaving_the_country_just_entered() -> None:
    rows = _rows("С 21 сентября, когда в России началась мобилизация, в Узбекистан въехали 60 "
                 "тыс. россиян, сообщил министр. По его данным, за то же время из страны "
                 "выехали 41 тыс. человек.")
    assert sorted((r.metric, r.destination, r.low) for r in rows) == [
        ("arrived", "UZ", 60_000), ("moved_on", "UZ", 41_000)]


def test_numbers_paired_with_verbs_respectively() -> None:
    rows = _rows("По данным КНБ, 2 октября в Казахстан въехали 12 тыс. человек, а выехали "
                 "9 тыс.; 3 октября — 10,5 тыс. и 9,8 тыс. соответственно.", date(2022, 10, 5))
    assert sorted((r.low, r.metric) for r in rows) == [
        (9_000, "moved_on"), (9_800, "moved_on"), (10_500, "arrived"), (12_000, "arrived")]


def test_a_compared_planned_number_and_a_goal() -> None:
    rows = _rows("Мобилизованы 320 тыс. человек, сообщил министр обороны. По его словам, это "
                 "больше плановых 300 тыс.", date(2022, 11, 1))
    assert sorted((r.metric, r.low) for r in rows) == [
        ("called_up", 300_000), ("called_up", 320_000)]
    row = _one("Министр доложил о завершении частичной мобилизации. «План — 300 тыс. "
               "человек — выполнен», — сказал он.", date(2022, 10, 30))
    assert (row.metric, row.low) == ("called_up", 300_000)


def test_parts_listed_after_of_them() -> None:
    rows = _rows("С 21 сентября в Грузию въехали более 50 тыс. россиян, сообщило МВД. Около "
                 "30 тыс. из них — мужчины, около 20 тыс. — женщины.")
    assert sorted(r.low for r in rows) == [20_000, 30_000, 50_000]
    assert {r.since for r in rows} == {date(2022, 9, 21)}


def test_a_pre_mobilisation_year_in_another_clause() -> None:
    rows = _rows("В 2020 году в Армению въехали 500 000 россиян, а выехали около 480 000.",
                 date(2023, 2, 1))
    assert rows == []


def test_a_period_ending_the_day_after_publication() -> None:
    row = _one("С 21 сентября по 4 октября в Казахстан въехали 200 тыс. россиян, сообщило МВД.",
               date(2022, 10, 3))
    assert row.since == date(2022, 9, 21)


def test_a_colon_head_opening_with_eto_is_no_source() -> None:
    rows = _rows("В январе в Израиль из России прибыли 3 000 человек, пишет Haaretz. Это "
                 "рекорд за год: в декабре из России приехали 2 800 человек.", date(2023, 2, 10))
    assert {r.source for r in rows} == {"Haaretz"}


def test_the_person_quoted_by_an_outlet() -> None:
    rows = _rows("С 21 сентября в Казахстан въехали 100 тыс. россиян, сообщил глава КНБ Иван "
                 "Иванов. «Поток достигал 15 000 человек в день», — цитирует его портал "
                 "Zakon.kz.")
    day = [r for r in rows if r.per == "day"]
    assert [r.source for r in day] == ["глава КНБ Иван Иванов"]


# ------------------------------------------------------------ ru7 constructions


def test_a_difference_between_two_counts_is_no_figure() -> None:
    text = ("Въезд в Узбекистан: в 2023 году число въехавших граждан России превысило число "
            "выехавших на 31 тысячу.")
    assert _rows(text, date(2024, 3, 1)) == []


def test_the_countrys_own_nationals_are_not_rows() -> None:
    text = ("Из Киргизии за первое полугодие 2023 года уехали 48 тысяч граждан республики.")
    assert _rows(text, date(2023, 9, 1)) == []


def test_a_stock_of_residents_with_papers_is_no_registration() -> None:
    text = "В Сербии около 55 тысяч граждан России проживают с ВНЖ, сообщило МВД Сербии."
    assert _rows(text) == []


def test_asking_for_advice_is_no_application() -> None:
    text = ("В Казахстане более 2 тысяч россиян обратились за разъяснениями, как получить "
            "вид на жительство.")
    assert _rows(text) == []


def test_registering_with_the_authorities() -> None:
    row = _one("В Бишкеке на учёт встали около 12 тысяч граждан России, сообщил Минюст.")
    assert (row.metric, row.destination, row.low, row.qualifier) == (
        "registered", "KG", 12_000, "approx")


def test_an_extension_of_stay_is_a_registration() -> None:
    row = _one("Власти Монголии продлили срок пребывания 1 200 россиянам.")
    assert (row.metric, row.destination, row.low) == ("registered", "MN", 1200)


def test_a_negated_number_is_disputed_and_not_the_sentence_rate() -> None:
    rows = _rows("Глава МВД: в Армению ежедневно въезжают 6 тысяч россиян, но не 90 тысяч")
    denied = [r for r in rows if r.low == 90_000]
    assert len(denied) == 1
    assert denied[0].disputed and denied[0].per is None and denied[0].source is None


def test_a_relative_pronoun_after_an_introducer_is_no_source() -> None:
    row = _one("В сети разошлась цифра, согласно которой с 21 сентября в Казахстан въехали "
               "600 тысяч россиян.")
    assert row.source is None


def test_the_day_before_yesterday_is_one_day() -> None:
    rows = _rows("По данным МВД Грузии, позавчера в Грузию въехали 9 300 человек.")
    assert [(r.low, r.per) for r in rows] == [(9300, "day")]


def test_a_quoted_start_date_is_no_named_day() -> None:
    rows = _rows("«С 21 сентября в Монголию въехали 7 тысяч россиян, выехали — 3 тысячи», — "
                 "сказал глава погранслужбы.")
    assert {(r.metric, r.low, r.per) for r in rows} == {
        ("arrived", 7000, None), ("moved_on", 3000, None)}


def test_against_a_last_year_count_is_a_comparison() -> None:
    rows = _rows("Гражданство Киргизии получили 850 россиян против 300 годом ранее.")
    assert [r.low for r in rows] == [850]


def test_a_last_year_count_after_a_dash() -> None:
    text = ("«С начала года в Киргизию прибыли 150 тысяч граждан России. За тот же срок "
            "прошлого года — 95 тысяч», — сказал министр.")
    assert [r.low for r in _rows(text)] == [150_000]


def test_a_start_on_a_weekday() -> None:
    row = _one("Пограничники Финляндии сообщили, что со среды в Финляндию въехали более "
               "20 тысяч россиян.", date(2022, 9, 24))
    assert row.since == date(2022, 9, 21)


def test_going_on_from_the_country_of_the_last_arrivals() -> None:
    text = ("С 21 сентября в Казахстан въехали 300 тысяч россиян.\n\n"
            "По словам министра, 150 тысяч из них уехали дальше — в Узбекистан и Киргизию.")
    rows = _rows(text)
    assert {(r.metric, r.destination, r.low) for r in rows} == {
        ("arrived", "KZ", 300_000), ("moved_on", "KZ", 150_000)}


def test_reached_up_to_is_at_most() -> None:
    row = _one("После мобилизации въезд россиян в Казахстан доходил до 25 тысяч в сутки.")
    assert row.qualifier == "at_most"


def test_a_speaker_who_cited_figures() -> None:
    row = _one("Глава МВД Армении Ваге Казарян приводил данные: в Армению въехали 40 тысяч "
               "россиян.")
    assert row.source is not None and "Казарян" in row.source


def test_those_who_stayed_are_no_figure() -> None:
    text = ("По оценке посольства, в Армении около 60 тысяч россиян, оставшихся после отъезда "
            "из России осенью 2022 года.")
    assert _rows(text) == []


# ------------------------------------------------------------- 0.13.0 (developed on ru8)


def test_scale_dot_before_a_one_letter_word_ends_the_sentence() -> None:
    text = ("В Армению с 21 сентября въехали около 40 тыс. В Турцию с 21 по 30 сентября "
            "прилетели 12 500 россиян.")
    assert len(split_sentences(text)) == 2
    rows = {(r.metric, r.destination, r.low) for r in _rows(text)}
    assert ("arrived", "AM", 40_000) in rows and ("arrived", "TR", 12_500) in rows


def test_a_week_starting_the_day_after_the_mobilisation_is_counted_from_it() -> None:
    row = _one("В Армению с 22 по 28 сентября въехали 9 100 граждан России.")
    assert row.per is None and row.since == date(2022, 9, 22)


def test_the_stated_span_before_the_number_is_its_start() -> None:
    text = ("В Армению с 22 по 30 сентября въехали 9 100 россиян, в Турции с 21 по 30 сентября "
            "вид на жительство получили 2 400 россиян.")
    row = next(r for r in _rows(text) if r.metric == "registered")
    assert row.since == date(2022, 9, 21)


def test_leaving_beside_arriving_is_leaving_that_country() -> None:
    text = ("По данным Армстата, в 2023 году из страны уехали 14 200 граждан России, а "
            "прибыли 11 900.")
    rows = {(r.metric, r.destination, r.low) for r in
            _rows("Армения подвела итоги года.\n\n" + text)}
    assert ("moved_on", "AM", 14_200) in rows and ("arrived", "AM", 11_900) in rows


def test_a_stock_word_after_the_next_number_is_that_numbers() -> None:
    text = ("Как рассказал министр, в Армению въехали около 50 тысяч россиян, уехали около "
            "30 тысяч, и ещё 20 тысяч остаются в стране.")
    rows = {(r.metric, r.destination, r.low, r.since) for r in _rows(text)}
    assert ("moved_on", "AM", 30_000, None) in rows


def test_a_rate_word_in_a_relative_clause_is_not_the_numbers() -> None:
    row = _one("По сведениям, которые пограничники ежедневно передают в штаб, с 21 сентября в "
               "Армению въехали 50 тысяч россиян.")
    assert row.per is None and row.since == date(2022, 9, 21)


def test_the_leaving_half_takes_the_arrivals_start() -> None:
    text = ("С 21 сентября в Армению въехали 50 тысяч россиян, сообщил министр.\n\n"
            "«По данным, которые у нас есть, приехали 50 тысяч россиян, уехали 30 тысяч», — "
            "сказал он.")
    rows = {(r.metric, r.destination, r.low, r.since) for r in _rows(text)}
    assert ("moved_on", "AM", 30_000, date(2022, 9, 21)) in rows


def test_a_part_named_as_russians_drops_a_total_of_everyone() -> None:
    text = ("В 2022 году в Армению переехали 90 400 иммигрантов, в том числе 41 300 граждан "
            "России.")
    rows = {(r.metric, r.destination, r.low) for r in _rows(text)}
    assert rows == {("arrived", "AM", 41_300)}


def test_a_total_of_russians_stays_beside_its_part() -> None:
    text = "В 2022 году в Армению переехали 90 400 россиян, в том числе 41 300 мужчин."
    rows = {(r.metric, r.destination, r.low) for r in _rows(text)}
    assert ("arrived", "AM", 90_400) in rows


def test_a_subject_after_the_verb_keeps_its_short_name() -> None:
    row = _one("С 21 сентября в Армению въехали 50 тысяч россиян, сообщила во вторник "
               "Служба национальной безопасности Армении (СНБ).")
    assert row.source is not None and "СНБ" in row.source


@pytest.mark.parametrize("text", [
    "По статистике Армстата, в 2022 году в Армению переехали 41 300 россиян.",
    "Как уточнял глава Армстата Степан Манукян, в 2022 году в Армению переехали 41 300 "
    "россиян.",
])
def test_more_introducers(text: str) -> None:
    row = _one(text)
    assert row.source is not None and ("Армстат" in row.source or "Манукян" in row.source)


def test_the_lowest_count_is_at_least() -> None:
    row = _one("С 2022 года из России уехали, по самым осторожным подсчётам, 500 тысяч "
               "человек.")
    assert row.qualifier == "at_least"


def test_this_year_starts_the_count() -> None:
    row = _one("За восемь месяцев этого года гражданство Армении получили 1 240 россиян.",
               date(2023, 10, 5))
    assert row.since == date(2023, 1, 1)


def test_voters_are_no_figure() -> None:
    assert _rows("За вхождение в Россию высказались 87% проголосовавших, или 1 900 000 "
                 "человек.") == []


def test_permanent_residence_papers_are_registered() -> None:
    row = _one("С 21 сентября документы на постоянное место жительства в Армении подали 820 "
               "россиян.")
    assert row.metric == "registered" and row.destination == "AM"
