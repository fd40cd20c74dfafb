"""An amount in words for an invoice's "Słownie:" line. No Django imports.

`amount_in_words(Decimal("123.45"), "PLN", "pl")` gives the whole part in
words, the currency's main unit in the form the number requires, then the
fraction. One style per language, whatever the currency:

- pl: "sto dwadzieścia trzy złote czterdzieści pięć groszy"
- uk: "сто двадцять три гривні сорок п'ять копійок"
- en: "one hundred twenty-three zlotys and forty-five groszy"
- de: "einhundertdreiundzwanzig Euro und fünfundvierzig Cent"

With `fraction="digits"` the fraction is printed as Polish invoices commonly
print it, "xx/100" after the main unit and with no subunit named, since
"45/100" already reads as a fraction of the main unit: "sto dwadzieścia trzy
złote 45/100". A zero fraction is spelled out too ("zero groszy", "00/100"),
so the line always states both parts and cannot be read as truncated.

Conventions worth knowing:

- The amount is first rounded half up to the grosz (`money.round_money`).
- Negative amounts (corrections) start with the language's word for minus.
- Polish says "tysiąc", "milion", "miliard" for a single thousand, million or
  billion, as Polish amounts are written; Ukrainian says "одна тисяча",
  "один мільйон", as Ukrainian bank documents write them.
- Polish "jeden" agrees with the currency's gender only when it is the whole
  number ("jedna korona", "jedno euro"); inside a compound it stays "jeden"
  ("dwadzieścia jeden koron"), while "dwa" becomes "dwie" for feminine units
  everywhere ("dwadzieścia dwie korony"). Ukrainian agrees in compounds too
  ("двадцять одна гривня").
- English numbers have no "and" inside them ("one hundred one") and hyphenate
  21-99 ("twenty-one"); "and" joins the main unit to the subunit.
- German numbers below a million are one word; a final one is "ein"/"eine"
  only when it is the whole number ("ein Euro", "eine Krone") and "eins" at
  the end of a compound ("einhunderteins Euro"), as amounts on cheques read.
- Ukrainian apostrophes are the ASCII "'" (п'ять), which every invoice font
  has.
- A currency with no names here is spelled as the whole part in words, the
  ISO code and the fraction in digits: "sto dwadzieścia trzy SEK 45/100".
- "pl/en" (any two languages joined with "/") gives "<pl> / <en>" for
  bilingual invoices.
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from faktura.invoicing.money import round_money

MAX_AMOUNT = Decimal("999999999999.99")
FRACTION_STYLES = ("words", "digits")

MASCULINE, FEMININE, NEUTER = "m", "f", "n"


@dataclass(frozen=True)
class Unit:
    """A currency unit's forms and its grammatical gender.

    `forms` holds one, few, many for Polish and Ukrainian (1 złoty, 2 złote,
    5 złotych) and singular, plural for English and German.
    """

    forms: tuple[str, ...]
    gender: str = MASCULINE


@dataclass(frozen=True)
class Language:
    number: Callable[[int, str], str]  # a non-negative integer in words, agreeing with a gender
    form: Callable[[int], int]  # which of Unit.forms goes with a number
    currencies: dict[str, tuple[Unit, Unit]]  # code -> (main unit, subunit)
    minus: str
    joiner: str  # between the main unit and the subunit in words


def _groups(n: int) -> Iterator[tuple[int, int]]:
    """(scale, group) pairs of a number's non-zero thousands groups, highest first.

    Scale 0 is the units, 1 the thousands, 2 the millions, 3 the billions.
    """
    groups = []
    scale = 0
    while n:
        n, group = divmod(n, 1000)
        if group:
            groups.append((scale, group))
        scale += 1
    return reversed(groups)


# Polish and Ukrainian ------------------------------------------------------------------------


def _slavic_triad(
    n: int,
    units: Sequence[str],
    teens: Sequence[str],
    tens: Sequence[str],
    hundreds: Sequence[str],
) -> list[str]:
    """Words for 1-999; `units` already carries the gendered one and two."""
    words = []
    hundred, rest = divmod(n, 100)
    if hundred:
        words.append(hundreds[hundred])
    if 10 <= rest < 20:
        words.append(teens[rest - 10])
    else:
        ten, unit = divmod(rest, 10)
        if ten:
            words.append(tens[ten])
        if unit:
            words.append(units[unit])
    return words


def _slavic_form(n: int, *, one_only_alone: bool) -> int:
    """0, 1 or 2 for the one, few and many forms.

    Polish takes the one form for 1 alone (21 złotych), Ukrainian for every
    number ending in 1 but 11 (21 гривня). Both take the few form for
    numbers ending in 2-4 but 12-14.
    """
    last, last_two = n % 10, n % 100
    is_one = n == 1 if one_only_alone else last == 1 and last_two != 11
    if is_one:
        return 0
    if 2 <= last <= 4 and not 12 <= last_two <= 14:
        return 1
    return 2


PL_UNITS = ("", "jeden", "dwa", "trzy", "cztery", "pięć", "sześć", "siedem", "osiem", "dziewięć")
PL_TEENS = (
    "dziesięć",
    "jedenaście",
    "dwanaście",
    "trzynaście",
    "czternaście",
    "piętnaście",
    "szesnaście",
    "siedemnaście",
    "osiemnaście",
    "dziewiętnaście",
)
PL_TENS = (
    "",
    "",
    "dwadzieścia",
    "trzydzieści",
    "czterdzieści",
    "pięćdziesiąt",
    "sześćdziesiąt",
    "siedemdziesiąt",
    "osiemdziesiąt",
    "dziewięćdziesiąt",
)
PL_HUNDREDS = (
    "",
    "sto",
    "dwieście",
    "trzysta",
    "czterysta",
    "pięćset",
    "sześćset",
    "siedemset",
    "osiemset",
    "dziewięćset",
)
PL_SCALES = (
    (),
    ("tysiąc", "tysiące", "tysięcy"),
    ("milion", "miliony", "milionów"),
    ("miliard", "miliardy", "miliardów"),
)
PL_ONE = {MASCULINE: "jeden", FEMININE: "jedna", NEUTER: "jedno"}


def _pl_form(n: int) -> int:
    return _slavic_form(n, one_only_alone=True)


def _pl_number(n: int, gender: str) -> str:
    if n == 0:
        return "zero"
    if n == 1:
        return PL_ONE[gender]
    words = []
    for scale, group in _groups(n):
        if scale == 0:
            units = PL_UNITS
            if gender == FEMININE:
                units = (*PL_UNITS[:2], "dwie", *PL_UNITS[3:])
            words += _slavic_triad(group, units, PL_TEENS, PL_TENS, PL_HUNDREDS)
        elif group == 1:
            words.append(PL_SCALES[scale][0])
        else:
            words += _slavic_triad(group, PL_UNITS, PL_TEENS, PL_TENS, PL_HUNDREDS)
            words.append(PL_SCALES[scale][_pl_form(group)])
    return " ".join(words)


UK_UNITS = ("", "один", "два", "три", "чотири", "п'ять", "шість", "сім", "вісім", "дев'ять")
UK_ONE_TWO = {
    MASCULINE: ("один", "два"),
    FEMININE: ("одна", "дві"),
    NEUTER: ("одне", "два"),
}
UK_TEENS = (
    "десять",
    "одинадцять",
    "дванадцять",
    "тринадцять",
    "чотирнадцять",
    "п'ятнадцять",
    "шістнадцять",
    "сімнадцять",
    "вісімнадцять",
    "дев'ятнадцять",
)
UK_TENS = (
    "",
    "",
    "двадцять",
    "тридцять",
    "сорок",
    "п'ятдесят",
    "шістдесят",
    "сімдесят",
    "вісімдесят",
    "дев'яносто",
)
UK_HUNDREDS = (
    "",
    "сто",
    "двісті",
    "триста",
    "чотириста",
    "п'ятсот",
    "шістсот",
    "сімсот",
    "вісімсот",
    "дев'ятсот",
)
UK_SCALES = (
    Unit(()),
    Unit(("тисяча", "тисячі", "тисяч"), FEMININE),
    Unit(("мільйон", "мільйони", "мільйонів"), MASCULINE),
    Unit(("мільярд", "мільярди", "мільярдів"), MASCULINE),
)


def _uk_form(n: int) -> int:
    return _slavic_form(n, one_only_alone=False)


def _uk_number(n: int, gender: str) -> str:
    if n == 0:
        return "нуль"
    words = []
    for scale, group in _groups(n):
        # A thousands group agrees with тисяча (feminine), the units group with the currency.
        group_gender = UK_SCALES[scale].gender if scale else gender
        units = ("", *UK_ONE_TWO[group_gender], *UK_UNITS[3:])
        words += _slavic_triad(group, units, UK_TEENS, UK_TENS, UK_HUNDREDS)
        if scale:
            words.append(UK_SCALES[scale].forms[_uk_form(group)])
    return " ".join(words)


# English --------------------------------------------------------------------------------------

EN_SMALL = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
EN_SCALES = ("", "thousand", "million", "billion")


def _en_below_hundred(n: int) -> str:
    if n < 20:
        return EN_SMALL[n]
    ten, unit = divmod(n, 10)
    return f"{EN_TENS[ten]}-{EN_SMALL[unit]}" if unit else EN_TENS[ten]


def _en_number(n: int, gender: str) -> str:
    if n == 0:
        return "zero"
    words = []
    for scale, group in _groups(n):
        hundred, rest = divmod(group, 100)
        if hundred:
            words += [EN_SMALL[hundred], "hundred"]
        if rest:
            words.append(_en_below_hundred(rest))
        if scale:
            words.append(EN_SCALES[scale])
    return " ".join(words)


def _singular_plural(n: int) -> int:
    return 0 if n == 1 else 1


# German ---------------------------------------------------------------------------------------

DE_SMALL = (
    "null",
    "eins",
    "zwei",
    "drei",
    "vier",
    "fünf",
    "sechs",
    "sieben",
    "acht",
    "neun",
    "zehn",
    "elf",
    "zwölf",
    "dreizehn",
    "vierzehn",
    "fünfzehn",
    "sechzehn",
    "siebzehn",
    "achtzehn",
    "neunzehn",
)
DE_TENS = (
    "",
    "",
    "zwanzig",
    "dreißig",
    "vierzig",
    "fünfzig",
    "sechzig",
    "siebzig",
    "achtzig",
    "neunzig",
)
DE_SCALES = (
    (),
    (),
    ("Million", "Millionen"),
    ("Milliarde", "Milliarden"),
)


def _de_triad(n: int, final_one: str) -> str:
    """1-999 as one word; `final_one` is how a trailing 1 reads (eins, ein, eine)."""
    hundred, rest = divmod(n, 100)
    word = f"{'ein' if hundred == 1 else DE_SMALL[hundred]}hundert" if hundred else ""
    if rest == 1:
        word += final_one
    elif rest < 20:
        word += DE_SMALL[rest] if rest else ""
    else:
        ten, unit = divmod(rest, 10)
        if unit:
            word += f"{'ein' if unit == 1 else DE_SMALL[unit]}und"
        word += DE_TENS[ten]
    return word


def _de_number(n: int, gender: str) -> str:
    if n == 0:
        return "null"
    if n == 1:
        return "eine" if gender == FEMININE else "ein"
    words = []
    below_million = ""
    for scale, group in _groups(n):
        if scale >= 2:
            # Million and Milliarde are feminine nouns written apart from the number.
            names = DE_SCALES[scale]
            count = "eine" if group == 1 else _de_triad(group, "eine")
            words += [count, names[_singular_plural(group)]]
        elif scale == 1:
            below_million += f"{_de_triad(group, 'ein')}tausend"
        else:
            below_million += _de_triad(group, "eins")
    if below_million:
        words.append(below_million)
    return " ".join(words)


# Currency names -------------------------------------------------------------------------------

PL_CURRENCIES = {
    "PLN": (Unit(("złoty", "złote", "złotych")), Unit(("grosz", "grosze", "groszy"))),
    "EUR": (Unit(("euro", "euro", "euro"), NEUTER), Unit(("eurocent", "eurocenty", "eurocentów"))),
    "USD": (Unit(("dolar", "dolary", "dolarów")), Unit(("cent", "centy", "centów"))),
    "GBP": (Unit(("funt", "funty", "funtów")), Unit(("pens", "pensy", "pensów"))),
    "CHF": (Unit(("frank", "franki", "franków")), Unit(("centym", "centymy", "centymów"))),
    "UAH": (
        Unit(("hrywna", "hrywny", "hrywien"), FEMININE),
        Unit(("kopiejka", "kopiejki", "kopiejek"), FEMININE),
    ),
    "CZK": (Unit(("korona", "korony", "koron"), FEMININE), Unit(("halerz", "halerze", "halerzy"))),
}

UK_CURRENCIES = {
    "UAH": (
        Unit(("гривня", "гривні", "гривень"), FEMININE),
        Unit(("копійка", "копійки", "копійок"), FEMININE),
    ),
    "PLN": (Unit(("злотий", "злоті", "злотих")), Unit(("грош", "гроші", "грошів"))),
    "EUR": (Unit(("євро", "євро", "євро"), NEUTER), Unit(("цент", "центи", "центів"))),
    "USD": (Unit(("долар", "долари", "доларів")), Unit(("цент", "центи", "центів"))),
    "GBP": (Unit(("фунт", "фунти", "фунтів")), Unit(("пенс", "пенси", "пенсів"))),
    "CHF": (Unit(("франк", "франки", "франків")), Unit(("сантим", "сантими", "сантимів"))),
    "CZK": (Unit(("крона", "крони", "крон"), FEMININE), Unit(("гелер", "гелери", "гелерів"))),
}

EN_CURRENCIES = {
    "PLN": (Unit(("zloty", "zlotys")), Unit(("grosz", "groszy"))),
    "EUR": (Unit(("euro", "euros")), Unit(("cent", "cents"))),
    "USD": (Unit(("dollar", "dollars")), Unit(("cent", "cents"))),
    "GBP": (Unit(("pound", "pounds")), Unit(("penny", "pence"))),
    "CHF": (Unit(("franc", "francs")), Unit(("centime", "centimes"))),
    "UAH": (Unit(("hryvnia", "hryvnias")), Unit(("kopiyka", "kopiyky"))),
    "CZK": (Unit(("koruna", "korunas")), Unit(("haler", "halers"))),
}

DE_CURRENCIES = {
    "PLN": (Unit(("Złoty", "Złoty")), Unit(("Grosz", "Groszy"))),
    "EUR": (Unit(("Euro", "Euro")), Unit(("Cent", "Cent"))),
    "USD": (Unit(("Dollar", "Dollar")), Unit(("Cent", "Cent"))),
    "GBP": (Unit(("Pfund", "Pfund"), NEUTER), Unit(("Penny", "Pence"))),
    "CHF": (Unit(("Franken", "Franken")), Unit(("Rappen", "Rappen"))),
    "UAH": (
        Unit(("Hrywnja", "Hrywnja"), FEMININE),
        Unit(("Kopeke", "Kopeken"), FEMININE),
    ),
    "CZK": (Unit(("Krone", "Kronen"), FEMININE), Unit(("Heller", "Heller"))),
}

LANGUAGES = {
    "pl": Language(_pl_number, _pl_form, PL_CURRENCIES, minus="minus", joiner=" "),
    "en": Language(_en_number, _singular_plural, EN_CURRENCIES, minus="minus", joiner=" and "),
    "uk": Language(_uk_number, _uk_form, UK_CURRENCIES, minus="мінус", joiner=" "),
    "de": Language(_de_number, _singular_plural, DE_CURRENCIES, minus="minus", joiner=" und "),
}


# The public function --------------------------------------------------------------------------


def _parse_languages(lang: str) -> list[Language]:
    codes = lang.strip().lower().split("/") if isinstance(lang, str) else []
    if not 1 <= len(codes) <= 2 or any(code not in LANGUAGES for code in codes):
        allowed = ", ".join(LANGUAGES)
        raise ValueError(
            f"unknown language {lang!r}: use one of {allowed}, "
            "or two of them joined with '/' (e.g. 'pl/en')"
        )
    return [LANGUAGES[code] for code in codes]


def _spell(amount: Decimal, code: str, language: Language, fraction: str) -> str:
    whole, sub = divmod(int(abs(amount) * 100), 100)
    units = language.currencies.get(code)
    if units is None:
        text = f"{language.number(whole, MASCULINE)} {code} {sub:02d}/100"
    else:
        main, subunit = units
        text = f"{language.number(whole, main.gender)} {main.forms[language.form(whole)]}"
        if fraction == "digits":
            text += f" {sub:02d}/100"
        else:
            sub_words = language.number(sub, subunit.gender)
            text += f"{language.joiner}{sub_words} {subunit.forms[language.form(sub)]}"
    return f"{language.minus} {text}" if amount < 0 else text


def amount_in_words(amount: Decimal, currency: str, lang: str, *, fraction: str = "words") -> str:
    """The amount in words in `lang` ("pl", "en", "uk", "de", or two joined: "pl/en").

    `currency` is an ISO 4217 code. `fraction` is "words" (the subunit
    spelled out) or "digits" ("45/100"). The amount is rounded half up to
    the grosz first; its absolute value may reach 999 999 999 999.99.

    Raises ValueError for an unknown language or fraction style, a currency
    that is not three letters, or an amount out of range, and TypeError for
    anything but a Decimal or an int.
    """
    languages = _parse_languages(lang)
    if fraction not in FRACTION_STYLES:
        raise ValueError(f"unknown fraction style {fraction!r}: use 'words' or 'digits'")
    code = currency.strip().upper() if isinstance(currency, str) else ""
    if not (len(code) == 3 and code.isascii() and code.isalpha()):
        raise ValueError(f"currency must be a three-letter ISO 4217 code, not {currency!r}")
    # A float would be spelled as its binary approximation; callers hold Decimals.
    if isinstance(amount, bool) or not isinstance(amount, Decimal | int):
        raise TypeError(f"amount must be a Decimal, not {type(amount).__name__}")
    amount = Decimal(amount)
    if not amount.is_finite():
        raise ValueError(f"amount must be a finite number, not {amount}")
    rounded = round_money(amount)
    if abs(rounded) > MAX_AMOUNT:
        raise ValueError(f"amount {rounded} is beyond {MAX_AMOUNT} and cannot be spelled")
    return " / ".join(_spell(rounded, code, language, fraction) for language in languages)
