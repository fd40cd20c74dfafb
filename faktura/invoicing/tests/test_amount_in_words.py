from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from faktura.invoicing.amount_in_words import MAX_AMOUNT, amount_in_words

D = Decimal


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0", "zero złotych 00/100"),
        ("1", "jeden złoty 00/100"),
        ("2", "dwa złote 00/100"),
        ("4", "cztery złote 00/100"),
        ("5", "pięć złotych 00/100"),
        ("11", "jedenaście złotych 00/100"),
        ("12", "dwanaście złotych 00/100"),
        ("14", "czternaście złotych 00/100"),
        ("21", "dwadzieścia jeden złotych 00/100"),
        ("22", "dwadzieścia dwa złote 00/100"),
        ("25", "dwadzieścia pięć złotych 00/100"),
        ("100", "sto złotych 00/100"),
        ("101", "sto jeden złotych 00/100"),
        ("112", "sto dwanaście złotych 00/100"),
        ("1000", "tysiąc złotych 00/100"),
        ("1001", "tysiąc jeden złotych 00/100"),
        ("2000", "dwa tysiące złotych 00/100"),
        ("5000", "pięć tysięcy złotych 00/100"),
        ("12000", "dwanaście tysięcy złotych 00/100"),
        ("22000", "dwadzieścia dwa tysiące złotych 00/100"),
        ("101000", "sto jeden tysięcy złotych 00/100"),
        ("1000000", "milion złotych 00/100"),
        ("2000000", "dwa miliony złotych 00/100"),
        ("5000000", "pięć milionów złotych 00/100"),
        ("1000000000", "miliard złotych 00/100"),
        ("2002002", "dwa miliony dwa tysiące dwa złote 00/100"),
        ("123.45", "sto dwadzieścia trzy złote 45/100"),
        ("0.07", "zero złotych 07/100"),
    ],
)
def test_polish_whole_part_takes_the_form_its_number_requires(amount, words):
    assert amount_in_words(D(amount), "PLN", "pl", fraction="digits") == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0.00", "zero złotych zero groszy"),
        ("0.01", "zero złotych jeden grosz"),
        ("0.02", "zero złotych dwa grosze"),
        ("0.05", "zero złotych pięć groszy"),
        ("0.12", "zero złotych dwanaście groszy"),
        ("0.21", "zero złotych dwadzieścia jeden groszy"),
        ("0.22", "zero złotych dwadzieścia dwa grosze"),
        ("123.45", "sto dwadzieścia trzy złote czterdzieści pięć groszy"),
    ],
)
def test_polish_grosze_are_spelled_out_by_default(amount, words):
    assert amount_in_words(D(amount), "PLN", "pl") == words


def test_polish_largest_amount_is_spelled_in_full():
    assert amount_in_words(MAX_AMOUNT, "PLN", "pl") == (
        "dziewięćset dziewięćdziesiąt dziewięć miliardów "
        "dziewięćset dziewięćdziesiąt dziewięć milionów "
        "dziewięćset dziewięćdziesiąt dziewięć tysięcy "
        "dziewięćset dziewięćdziesiąt dziewięć złotych dziewięćdziesiąt dziewięć groszy"
    )


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0", "нуль гривень 00/100"),
        ("1", "одна гривня 00/100"),
        ("2", "дві гривні 00/100"),
        ("4", "чотири гривні 00/100"),
        ("5", "п'ять гривень 00/100"),
        ("11", "одинадцять гривень 00/100"),
        ("12", "дванадцять гривень 00/100"),
        ("14", "чотирнадцять гривень 00/100"),
        ("21", "двадцять одна гривня 00/100"),
        ("22", "двадцять дві гривні 00/100"),
        ("25", "двадцять п'ять гривень 00/100"),
        ("100", "сто гривень 00/100"),
        ("101", "сто одна гривня 00/100"),
        ("112", "сто дванадцять гривень 00/100"),
        ("1000", "одна тисяча гривень 00/100"),
        ("1001", "одна тисяча одна гривня 00/100"),
        ("2000", "дві тисячі гривень 00/100"),
        ("5000", "п'ять тисяч гривень 00/100"),
        ("12000", "дванадцять тисяч гривень 00/100"),
        ("21000", "двадцять одна тисяча гривень 00/100"),
        ("22000", "двадцять дві тисячі гривень 00/100"),
        ("1000000", "один мільйон гривень 00/100"),
        ("2000000", "два мільйони гривень 00/100"),
        ("5000000", "п'ять мільйонів гривень 00/100"),
        ("21000000", "двадцять один мільйон гривень 00/100"),
        ("1000000000", "один мільярд гривень 00/100"),
        ("2000000000", "два мільярди гривень 00/100"),
        ("123.45", "сто двадцять три гривні 45/100"),
    ],
)
def test_ukrainian_whole_part_takes_the_form_its_number_requires(amount, words):
    assert amount_in_words(D(amount), "UAH", "uk", fraction="digits") == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0.00", "нуль гривень нуль копійок"),
        ("0.01", "нуль гривень одна копійка"),
        ("0.02", "нуль гривень дві копійки"),
        ("0.05", "нуль гривень п'ять копійок"),
        ("0.11", "нуль гривень одинадцять копійок"),
        ("0.21", "нуль гривень двадцять одна копійка"),
        ("123.45", "сто двадцять три гривні сорок п'ять копійок"),
    ],
)
def test_ukrainian_kopiyky_are_spelled_out_by_default(amount, words):
    assert amount_in_words(D(amount), "UAH", "uk") == words


def test_ukrainian_largest_amount_is_spelled_in_full():
    assert amount_in_words(MAX_AMOUNT, "UAH", "uk") == (
        "дев'ятсот дев'яносто дев'ять мільярдів "
        "дев'ятсот дев'яносто дев'ять мільйонів "
        "дев'ятсот дев'яносто дев'ять тисяч "
        "дев'ятсот дев'яносто дев'ять гривень дев'яносто дев'ять копійок"
    )


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0", "zero zlotys and zero groszy"),
        ("1.01", "one zloty and one grosz"),
        ("21", "twenty-one zlotys and zero groszy"),
        ("40", "forty zlotys and zero groszy"),
        ("99.99", "ninety-nine zlotys and ninety-nine groszy"),
        ("101", "one hundred one zlotys and zero groszy"),
        ("123.45", "one hundred twenty-three zlotys and forty-five groszy"),
        ("1000", "one thousand zlotys and zero groszy"),
        ("21021", "twenty-one thousand twenty-one zlotys and zero groszy"),
        ("2000000", "two million zlotys and zero groszy"),
        ("1000000000", "one billion zlotys and zero groszy"),
    ],
)
def test_english_numbers_are_hyphenated_and_have_no_inner_and(amount, words):
    assert amount_in_words(D(amount), "PLN", "en") == words


def test_english_largest_amount_is_spelled_in_full():
    assert amount_in_words(MAX_AMOUNT, "USD", "en") == (
        "nine hundred ninety-nine billion nine hundred ninety-nine million "
        "nine hundred ninety-nine thousand nine hundred ninety-nine dollars "
        "and ninety-nine cents"
    )


def test_english_digits_style_follows_the_main_unit():
    assert amount_in_words(D("123.45"), "EUR", "en", fraction="digits") == (
        "one hundred twenty-three euros 45/100"
    )


@pytest.mark.parametrize(
    ("currency", "one", "two", "five"),
    [
        (
            "PLN",
            "jeden złoty jeden grosz",
            "dwa złote dwa grosze",
            "pięć złotych pięć groszy",
        ),
        (
            "EUR",
            "jedno euro jeden eurocent",
            "dwa euro dwa eurocenty",
            "pięć euro pięć eurocentów",
        ),
        ("USD", "jeden dolar jeden cent", "dwa dolary dwa centy", "pięć dolarów pięć centów"),
        ("GBP", "jeden funt jeden pens", "dwa funty dwa pensy", "pięć funtów pięć pensów"),
        (
            "CHF",
            "jeden frank jeden centym",
            "dwa franki dwa centymy",
            "pięć franków pięć centymów",
        ),
        (
            "UAH",
            "jedna hrywna jedna kopiejka",
            "dwie hrywny dwie kopiejki",
            "pięć hrywien pięć kopiejek",
        ),
        (
            "CZK",
            "jedna korona jeden halerz",
            "dwie korony dwa halerze",
            "pięć koron pięć halerzy",
        ),
    ],
)
def test_polish_names_every_currency_in_its_three_forms(currency, one, two, five):
    assert amount_in_words(D("1.01"), currency, "pl") == one
    assert amount_in_words(D("2.02"), currency, "pl") == two
    assert amount_in_words(D("5.05"), currency, "pl") == five


def test_polish_one_agrees_with_the_unit_only_when_it_stands_alone():
    assert amount_in_words(D("21"), "CZK", "pl", fraction="digits") == (
        "dwadzieścia jeden koron 00/100"
    )
    assert amount_in_words(D("22"), "CZK", "pl", fraction="digits") == (
        "dwadzieścia dwie korony 00/100"
    )
    assert amount_in_words(D("1002"), "UAH", "pl", fraction="digits") == (
        "tysiąc dwie hrywny 00/100"
    )
    assert amount_in_words(D("2002"), "EUR", "pl", fraction="digits") == (
        "dwa tysiące dwa euro 00/100"
    )


@pytest.mark.parametrize(
    ("currency", "one", "two", "five"),
    [
        (
            "UAH",
            "одна гривня одна копійка",
            "дві гривні дві копійки",
            "п'ять гривень п'ять копійок",
        ),
        ("PLN", "один злотий один грош", "два злоті два гроші", "п'ять злотих п'ять грошів"),
        ("EUR", "одне євро один цент", "два євро два центи", "п'ять євро п'ять центів"),
        ("USD", "один долар один цент", "два долари два центи", "п'ять доларів п'ять центів"),
        ("GBP", "один фунт один пенс", "два фунти два пенси", "п'ять фунтів п'ять пенсів"),
        (
            "CHF",
            "один франк один сантим",
            "два франки два сантими",
            "п'ять франків п'ять сантимів",
        ),
        ("CZK", "одна крона один гелер", "дві крони два гелери", "п'ять крон п'ять гелерів"),
    ],
)
def test_ukrainian_names_every_currency_in_its_three_forms(currency, one, two, five):
    assert amount_in_words(D("1.01"), currency, "uk") == one
    assert amount_in_words(D("2.02"), currency, "uk") == two
    assert amount_in_words(D("5.05"), currency, "uk") == five


def test_ukrainian_one_and_two_agree_with_the_unit_inside_compounds():
    assert amount_in_words(D("21"), "PLN", "uk", fraction="digits") == (
        "двадцять один злотий 00/100"
    )
    assert amount_in_words(D("1022"), "CZK", "uk", fraction="digits") == (
        "одна тисяча двадцять дві крони 00/100"
    )


@pytest.mark.parametrize(
    ("currency", "one", "two"),
    [
        ("PLN", "one zloty and one grosz", "two zlotys and two groszy"),
        ("EUR", "one euro and one cent", "two euros and two cents"),
        ("USD", "one dollar and one cent", "two dollars and two cents"),
        ("GBP", "one pound and one penny", "two pounds and two pence"),
        ("CHF", "one franc and one centime", "two francs and two centimes"),
        ("UAH", "one hryvnia and one kopiyka", "two hryvnias and two kopiyky"),
        ("CZK", "one koruna and one haler", "two korunas and two halers"),
    ],
)
def test_english_names_every_currency_in_singular_and_plural(currency, one, two):
    assert amount_in_words(D("1.01"), currency, "en") == one
    assert amount_in_words(D("2.02"), currency, "en") == two


@pytest.mark.parametrize(
    ("amount", "currency", "words"),
    [
        ("0", "EUR", "null Euro und null Cent"),
        ("1.01", "EUR", "ein Euro und ein Cent"),
        ("1", "CZK", "eine Krone und null Heller"),
        ("2.02", "CZK", "zwei Kronen und zwei Heller"),
        ("1.01", "GBP", "ein Pfund und ein Penny"),
        ("2.02", "GBP", "zwei Pfund und zwei Pence"),
        ("1.01", "UAH", "eine Hrywnja und eine Kopeke"),
        ("21", "CHF", "einundzwanzig Franken und null Rappen"),
        ("101", "USD", "einhunderteins Dollar und null Cent"),
        ("123.45", "EUR", "einhundertdreiundzwanzig Euro und fünfundvierzig Cent"),
        ("1001", "EUR", "eintausendeins Euro und null Cent"),
        ("21000", "EUR", "einundzwanzigtausend Euro und null Cent"),
        ("1000000", "EUR", "eine Million Euro und null Cent"),
        ("2000017", "PLN", "zwei Millionen siebzehn Złoty und null Groszy"),
        ("1000000000", "EUR", "eine Milliarde Euro und null Cent"),
        ("3000000000", "EUR", "drei Milliarden Euro und null Cent"),
    ],
)
def test_german_numbers_are_written_as_one_word_below_a_million(amount, currency, words):
    assert amount_in_words(D(amount), currency, "de") == words


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("pl", "minus sto dwadzieścia trzy złote czterdzieści pięć groszy"),
        ("en", "minus one hundred twenty-three zlotys and forty-five groszy"),
        ("uk", "мінус сто двадцять три злоті сорок п'ять грошів"),
        ("de", "minus einhundertdreiundzwanzig Złoty und fünfundvierzig Groszy"),
    ],
)
def test_negative_amounts_start_with_minus(lang, words):
    assert amount_in_words(D("-123.45"), "PLN", lang) == words


def test_negative_amount_in_digits_keeps_the_fraction_unsigned():
    assert amount_in_words(D("-0.50"), "PLN", "pl", fraction="digits") == (
        "minus zero złotych 50/100"
    )


def test_amount_that_rounds_to_zero_has_no_minus():
    assert amount_in_words(D("-0.004"), "PLN", "pl") == "zero złotych zero groszy"


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("2.675", "dwa złote sześćdziesiąt osiem groszy"),
        ("2.674", "dwa złote sześćdziesiąt siedem groszy"),
        ("0.005", "zero złotych jeden grosz"),
        ("1.995", "dwa złote zero groszy"),
        ("-0.005", "minus zero złotych jeden grosz"),
        (
            "999999999999.994",
            "dziewięćset dziewięćdziesiąt dziewięć miliardów "
            "dziewięćset dziewięćdziesiąt dziewięć milionów "
            "dziewięćset dziewięćdziesiąt dziewięć tysięcy "
            "dziewięćset dziewięćdziesiąt dziewięć złotych dziewięćdziesiąt dziewięć groszy",
        ),
    ],
)
def test_a_third_decimal_is_rounded_half_up_to_the_grosz_first(amount, words):
    assert amount_in_words(D(amount), "PLN", "pl") == words


def test_whole_numbers_may_be_given_as_int():
    assert amount_in_words(5, "PLN", "pl") == "pięć złotych zero groszy"


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("pl", "sto dwadzieścia trzy SEK 45/100"),
        ("en", "one hundred twenty-three SEK 45/100"),
        ("uk", "сто двадцять три SEK 45/100"),
        ("de", "einhundertdreiundzwanzig SEK 45/100"),
    ],
)
def test_unknown_currency_is_named_by_its_code_with_the_fraction_in_digits(lang, words):
    assert amount_in_words(D("123.45"), "SEK", lang) == words


def test_currency_code_is_read_case_insensitively():
    assert amount_in_words(D("2"), " eur ", "pl", fraction="digits") == "dwa euro 00/100"


def test_bilingual_invoice_gives_both_languages_joined_by_a_slash():
    assert amount_in_words(D("21.02"), "PLN", "pl/en") == (
        "dwadzieścia jeden złotych dwa grosze / twenty-one zlotys and two groszy"
    )
    assert amount_in_words(D("21.02"), "EUR", "pl/en", fraction="digits") == (
        "dwadzieścia jeden euro 02/100 / twenty-one euros 02/100"
    )


@pytest.mark.parametrize("lang", ["fr", "", "PL/", "pl/en/uk", "polski"])
def test_unknown_language_is_refused_with_the_allowed_ones_named(lang):
    with pytest.raises(ValueError, match=r"use one of pl, en, uk, de"):
        amount_in_words(D("1"), "PLN", lang)


def test_language_code_is_read_case_insensitively():
    assert amount_in_words(D("1"), "PLN", "PL", fraction="digits") == "jeden złoty 00/100"


def test_unknown_fraction_style_is_refused():
    with pytest.raises(ValueError, match="words"):
        amount_in_words(D("1"), "PLN", "pl", fraction="roman")


@pytest.mark.parametrize("currency", ["", "ZŁ", "EURO", "12A"])
def test_currency_that_is_not_an_iso_code_is_refused(currency):
    with pytest.raises(ValueError, match="ISO 4217"):
        amount_in_words(D("1"), currency, "pl")


@pytest.mark.parametrize("amount", ["1000000000000", "-1000000000000", "999999999999.995"])
def test_amount_beyond_the_largest_is_refused(amount):
    with pytest.raises(ValueError, match="beyond"):
        amount_in_words(D(amount), "PLN", "pl")


@pytest.mark.parametrize("amount", [D("NaN"), D("Infinity")])
def test_amount_that_is_not_a_number_is_refused(amount):
    with pytest.raises(ValueError, match="finite"):
        amount_in_words(amount, "PLN", "pl")


@pytest.mark.parametrize("amount", [1.5, "1.50", True])
def test_amount_that_is_not_a_decimal_is_refused(amount):
    with pytest.raises(TypeError):
        amount_in_words(amount, "PLN", "pl")


@given(
    amount=st.decimals(min_value=-MAX_AMOUNT, max_value=MAX_AMOUNT, places=2),
    currency=st.sampled_from(["PLN", "EUR", "USD", "GBP", "CHF", "UAH", "CZK", "SEK"]),
    lang=st.sampled_from(["pl", "en", "uk", "de", "pl/en"]),
    fraction=st.sampled_from(["words", "digits"]),
)
def test_every_amount_in_range_is_spelled_without_gaps(amount, currency, lang, fraction):
    words = amount_in_words(amount, currency, lang, fraction=fraction)
    assert words
    assert words == words.strip()
    assert "  " not in words
    assert words.startswith(("minus", "мінус")) == (amount < 0)
