"""Whether a sale falls under the EU's One-Stop Shop (OSS). No Django imports.

OSS covers supplies to consumers in another EU member state (distance sales of
goods and B2C services, art. 130a and following of the VAT act). The API's
`identify_oss` asks Faktura to mark an invoice as OSS only when it is such a sale:
the seller and the buyer are in different member states and the buyer is not a
business with a tax number (a business buyer accounts for the VAT itself).

Countries are read as clients send them: ISO codes ("FR"), the VAT prefix
("EL" for Greece), or the country's name in Polish, English or its own language.
A blank seller country means Poland, the country Faktura's sellers are from
unless they say otherwise.
"""

# ISO 3166-1 alpha-2 code → names clients write (lower case; Polish, English, native).
EU_MEMBER_STATES: dict[str, tuple[str, ...]] = {
    "AT": ("austria", "österreich"),
    "BE": ("belgia", "belgium", "belgië", "belgique"),
    "BG": ("bułgaria", "bulgaria", "българия"),
    "CY": ("cypr", "cyprus", "κύπρος"),
    "CZ": ("czechy", "czech republic", "czechia", "česko"),
    "DE": ("niemcy", "germany", "deutschland"),
    "DK": ("dania", "denmark", "danmark"),
    "EE": ("estonia", "eesti"),
    "ES": ("hiszpania", "spain", "españa"),
    "FI": ("finlandia", "finland", "suomi"),
    "FR": ("francja", "france"),
    "GR": ("grecja", "greece", "ελλάδα"),
    "HR": ("chorwacja", "croatia", "hrvatska"),
    "HU": ("węgry", "hungary", "magyarország"),
    "IE": ("irlandia", "ireland", "éire"),
    "IT": ("włochy", "italy", "italia"),
    "LT": ("litwa", "lithuania", "lietuva"),
    "LU": ("luksemburg", "luxembourg"),
    "LV": ("łotwa", "latvia", "latvija"),
    "MT": ("malta",),
    "NL": ("holandia", "niderlandy", "netherlands", "nederland"),
    "PL": ("polska", "poland"),
    "PT": ("portugalia", "portugal"),
    "RO": ("rumunia", "romania", "românia"),
    "SE": ("szwecja", "sweden", "sverige"),
    "SI": ("słowenia", "slovenia", "slovenija"),
    "SK": ("słowacja", "slovakia", "slovensko"),
}
# Other spellings of a code: Greece's VAT prefix, three-letter codes clients send.
_CODE_ALIASES = {"EL": "GR", "POL": "PL", "DEU": "DE", "FRA": "FR"}
_BY_NAME = {name: code for code, names in EU_MEMBER_STATES.items() for name in names}

HOME_COUNTRY = "PL"


def member_state(country: str | None) -> str | None:
    """The EU member state's code a country text names, or None (not in the EU, unknown)."""
    text = (country or "").strip()
    if not text:
        return None
    code = _CODE_ALIASES.get(text.upper(), text.upper())
    if code in EU_MEMBER_STATES:
        return code
    return _BY_NAME.get(text.lower())


def is_oss_sale(
    *, seller_country: str | None, buyer_country: str | None, buyer_tax_no: str | None
) -> bool:
    """Whether a sale is an OSS sale: to a consumer in another member state."""
    seller = member_state(seller_country) if (seller_country or "").strip() else HOME_COUNTRY
    buyer = member_state(buyer_country)
    if seller is None or buyer is None or buyer == seller:
        return False
    return not (buyer_tax_no or "").strip()
