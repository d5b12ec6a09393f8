"""Address providers of the seven non-US locales, checked against postal and ISO facts.

Run by CTest as validators.locale_address_check; argv[1] is the data-cli binary. For each of
en_GB, de_DE, fr_FR, es_ES, it_IT, pt_BR and ja_JP one table of 100,000 rows is generated with
every address provider (secondary_address nullable, so full_address is checked with and without
the unit) and every row is checked against:

- the Debian iso-codes package (/usr/share/iso-codes/json/iso_3166-1.json, iso_3166-2.json):
  state_code is an ISO 3166-2 subdivision of the right kind, country/country_code name the country;
- public postal facts written in this script, never tdm's data/ files: the UK postcode shape
  and the nation of each postcode area (Royal Mail), the German Leitzonen of each Land, the French
  département -> région table (postcodes start with the département), the INE province numbers
  of Spain (postcodes start with them), the Italian CAP prefixes of each provincia, the Brazilian
  CEP ranges of each state (Correios) and the Japanese postcode prefixes of each prefecture
  (Japan Post); region names (Länder, régions, provincias, prefectures in kanji);
- bounding boxes of each country, written here (ES with the Canaries, Ceuta and Melilla; FR
  metropolitan with Corsica; JP with Okinawa);
- the locale's address layout, rebuilt from the row's own street_address, secondary_address,
  city, postcode, state_code and state;
- consistency over the table: a city is always in the same region, its postcodes stay in a few
  postal areas and its coordinates within 0.05 degrees of one centre.
"""

import json
import math
import os
import re
import sys
import unicodedata
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tdm_values import check, generate, report  # noqa: E402

ISO_3166_1 = "/usr/share/iso-codes/json/iso_3166-1.json"
ISO_3166_2 = "/usr/share/iso-codes/json/iso_3166-2.json"

# ---- United Kingdom --------------------------------------------------------------------------

# The official shape (BS 7666): area letters (first not Q V X, second not I J Z), district digit
# with an optional digit or letter (A9A: ABCDEFGHJKPSTUW, AA9A: ABEHMNPRVWXY), space, sector
# digit, unit letters without C I K M O V.
GB_POSTCODE = re.compile(
    r"(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]) [0-9][ABD-HJLNP-UW-Z]{2}")
# The 121 Royal Mail postcode areas of Great Britain and Northern Ireland.
GB_AREAS = set("""
AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY
E EC EH EN EX FK FY G GL GU HA HD HG HP HR HS HU HX IG IP IV KA KT KW KY L LA LD LE LL LN LS
LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO
SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE""".split())
assert len(GB_AREAS) == 121
# Nations of the areas that are not wholly in England; the border areas serve two nations.
GB_AREA_NATIONS = {a: {"SCT"} for a in
                   "AB DD DG EH FK G HS IV KA KW KY ML PA PH ZE".split()}
GB_AREA_NATIONS.update({a: {"WLS"} for a in "CF LL SA".split()})
GB_AREA_NATIONS.update({a: {"WLS", "ENG"} for a in "CH HR LD NP SY".split()})
GB_AREA_NATIONS["TD"] = {"SCT", "ENG"}
GB_AREA_NATIONS["BT"] = {"NIR"}
GB_NATIONS = {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"}


def gb_area(pc):
    return re.match(r"[A-Z]+", pc).group()


def gb_postcode_nation(pc, code):
    area = gb_area(pc)
    return area in GB_AREAS and code in GB_AREA_NATIONS.get(area, {"ENG"})


# ---- Germany ---------------------------------------------------------------------------------

# Leitzonen (first PLZ digit) that reach into each Land (Deutsche Post), generously: the zones
# cross Land borders (e.g. 19273 Amt Neuhaus is in Niedersachsen, 97877 Wertheim in
# Baden-Württemberg, 63739 Aschaffenburg in Bayern, 76829 Landau in Rheinland-Pfalz, 96515
# Sonneberg in Thüringen, 29410 Salzwedel in Sachsen-Anhalt).
DE_ZONES = {
    "BW": "6789", "BY": "689", "BE": "1", "BB": "01", "HB": "2", "HH": "2", "HE": "36",
    "MV": "12", "NI": "1234", "NW": "345", "RP": "567", "SL": "6", "SN": "0", "ST": "023",
    "SH": "2", "TH": "039",
}
DE_LAENDER = {
    "BW": "Baden-Württemberg", "BY": "Bayern", "BE": "Berlin", "BB": "Brandenburg",
    "HB": "Bremen", "HH": "Hamburg", "HE": "Hessen", "MV": "Mecklenburg-Vorpommern",
    "NI": "Niedersachsen", "NW": "Nordrhein-Westfalen", "RP": "Rheinland-Pfalz",
    "SL": "Saarland", "SN": "Sachsen", "ST": "Sachsen-Anhalt", "SH": "Schleswig-Holstein",
    "TH": "Thüringen",
}
assert set(DE_ZONES) == set(DE_LAENDER)

# ---- France ----------------------------------------------------------------------------------

# Départements of each metropolitan région (since 2016) and Corsica (2A, 2B: postcodes 20xxx).
FR_DEPARTMENTS = {
    "ARA": "01 03 07 15 26 38 42 43 63 69 73 74",
    "BFC": "21 25 39 58 70 71 89 90",
    "BRE": "22 29 35 56",
    "CVL": "18 28 36 37 41 45",
    "GES": "08 10 51 52 54 55 57 67 68 88",
    "HDF": "02 59 60 62 80",
    "IDF": "75 77 78 91 92 93 94 95",
    "NAQ": "16 17 19 23 24 33 40 47 64 79 86 87",
    "NOR": "14 27 50 61 76",
    "OCC": "09 11 12 30 31 32 34 46 48 65 66 81 82",
    "PAC": "04 05 06 13 83 84",
    "PDL": "44 49 53 72 85",
    "20R": "20",
}
FR_DEPARTMENTS = {r: set(d.split()) for r, d in FR_DEPARTMENTS.items()}
assert sum(map(len, FR_DEPARTMENTS.values())) == 95  # 96 départements, 2A and 2B share 20
FR_REGIONS = {
    "ARA": "Auvergne-Rhône-Alpes", "BFC": "Bourgogne-Franche-Comté", "BRE": "Bretagne",
    "CVL": "Centre-Val de Loire", "GES": "Grand Est", "HDF": "Hauts-de-France",
    "IDF": "Île-de-France", "NAQ": "Nouvelle-Aquitaine", "NOR": "Normandie",
    "OCC": "Occitanie", "PAC": "Provence-Alpes-Côte d'Azur", "PDL": "Pays de la Loire",
    "20R": "Corse",
}

# ---- Spain -----------------------------------------------------------------------------------

# ISO 3166-2 province code: INE province number (= first two postcode digits), names in use.
ES_PROVINCES = {
    "VI": (1, "Álava", "Araba", "Araba/Álava"), "AB": (2, "Albacete"),
    "A": (3, "Alicante", "Alacant"), "AL": (4, "Almería"), "AV": (5, "Ávila"),
    "BA": (6, "Badajoz"), "PM": (7, "Illes Balears", "Islas Baleares", "Baleares"),
    "B": (8, "Barcelona"), "BU": (9, "Burgos"), "CC": (10, "Cáceres"), "CA": (11, "Cádiz"),
    "CS": (12, "Castellón", "Castelló"), "CR": (13, "Ciudad Real"), "CO": (14, "Córdoba"),
    "C": (15, "A Coruña", "La Coruña"), "CU": (16, "Cuenca"), "GI": (17, "Girona", "Gerona"),
    "GR": (18, "Granada"), "GU": (19, "Guadalajara"), "SS": (20, "Gipuzkoa", "Guipúzcoa"),
    "H": (21, "Huelva"), "HU": (22, "Huesca"), "J": (23, "Jaén"), "LE": (24, "León"),
    "L": (25, "Lleida", "Lérida"), "LO": (26, "La Rioja"), "LU": (27, "Lugo"),
    "M": (28, "Madrid"), "MA": (29, "Málaga"), "MU": (30, "Murcia"),
    "NA": (31, "Navarra", "Nafarroa"), "OR": (32, "Ourense", "Orense"), "O": (33, "Asturias"),
    "P": (34, "Palencia"), "GC": (35, "Las Palmas"), "PO": (36, "Pontevedra"),
    "SA": (37, "Salamanca"), "TF": (38, "Santa Cruz de Tenerife"), "S": (39, "Cantabria"),
    "SG": (40, "Segovia"), "SE": (41, "Sevilla"), "SO": (42, "Soria"), "T": (43, "Tarragona"),
    "TE": (44, "Teruel"), "TO": (45, "Toledo"), "V": (46, "Valencia", "València"),
    "VA": (47, "Valladolid"), "BI": (48, "Bizkaia", "Vizcaya"), "ZA": (49, "Zamora"),
    "Z": (50, "Zaragoza"), "CE": (51, "Ceuta"), "ML": (52, "Melilla"),
}
assert sorted(v[0] for v in ES_PROVINCES.values()) == list(range(1, 53))

# ---- Italy -----------------------------------------------------------------------------------

# First two CAP digits of each provincia (Poste Italiane); provinces carved out of an older one
# kept its prefix (Monza 20900, Lecco 23900, Lodi 26900, Verbania 28900, Pordenone 33170,
# Gorizia 34170, Fermo 63900, Isernia 86170, Crotone 88900, Vibo Valentia 89900,
# Barletta-Andria-Trani 76121, Oristano 09170, Olbia 07026, Carbonia 09013).
IT_CAP = {
    "00": "RM", "01": "VT", "02": "RI", "03": "FR", "04": "LT", "05": "TR", "06": "PG",
    "07": "SS OT", "08": "NU OG", "09": "CA OR SU CI VS", "10": "TO", "11": "AO", "12": "CN",
    "13": "VC BI", "14": "AT", "15": "AL", "16": "GE", "17": "SV", "18": "IM", "19": "SP",
    "20": "MI MB", "21": "VA", "22": "CO", "23": "SO LC", "24": "BG", "25": "BS", "26": "CR LO",
    "27": "PV", "28": "NO VB", "29": "PC", "30": "VE", "31": "TV", "32": "BL", "33": "UD PN",
    "34": "TS GO", "35": "PD", "36": "VI", "37": "VR", "38": "TN", "39": "BZ", "40": "BO",
    "41": "MO", "42": "RE", "43": "PR", "44": "FE", "45": "RO", "46": "MN", "47": "FC RN",
    "48": "RA", "50": "FI", "51": "PT", "52": "AR", "53": "SI", "54": "MS", "55": "LU",
    "56": "PI", "57": "LI", "58": "GR", "59": "PO", "60": "AN", "61": "PU", "62": "MC",
    "63": "AP FM", "64": "TE", "65": "PE", "66": "CH", "67": "AQ", "70": "BA", "71": "FG",
    "72": "BR", "73": "LE", "74": "TA", "75": "MT", "76": "BT", "80": "NA", "81": "CE",
    "82": "BN", "83": "AV", "84": "SA", "85": "PZ", "86": "CB IS", "87": "CS", "88": "CZ KR",
    "89": "RC VV", "90": "PA", "91": "TP", "92": "AG", "93": "CL", "94": "EN", "95": "CT",
    "96": "SR", "97": "RG", "98": "ME",
}
IT_CAP_OF = defaultdict(set)
for _prefix, _codes in IT_CAP.items():
    for _code in _codes.split():
        IT_CAP_OF[_code].add(_prefix)
# Names where the usual Italian one differs from the iso-codes one.
IT_NAMES = {
    "BZ": {"Bolzano", "Bolzano/Bozen", "Bozen"}, "AO": {"Aosta", "Valle d'Aosta"},
    "FC": {"Forlì-Cesena"}, "PU": {"Pesaro e Urbino", "Pesaro-Urbino"},
    "MB": {"Monza e Brianza", "Monza e della Brianza"}, "RC": {"Reggio Calabria"},
    "RE": {"Reggio Emilia", "Reggio nell'Emilia"}, "VB": {"Verbano-Cusio-Ossola"},
    "BT": {"Barletta-Andria-Trani"}, "MS": {"Massa-Carrara", "Massa Carrara"},
    "SU": {"Sud Sardegna"}, "AQ": {"L'Aquila"}, "SP": {"La Spezia"},
}

# ---- Brazil ----------------------------------------------------------------------------------

# First digit of the CEP: its region (Correios); and the first two digits of each state.
BR_ZONE = {
    0: "SP", 1: "SP", 2: "RJ ES", 3: "MG", 4: "BA SE", 5: "PE AL PB RN",
    6: "CE PI MA PA AM AC AP RR", 7: "DF GO TO MT MS RO", 8: "PR SC", 9: "RS",
}
BR_ZONE_OF = defaultdict(set)
for _zone, _ufs in BR_ZONE.items():
    for _uf in _ufs.split():
        BR_ZONE_OF[_uf].add(_zone)
BR_PREFIXES = {
    "SP": (1, 19), "RJ": (20, 28), "ES": (29, 29), "MG": (30, 39), "BA": (40, 48),
    "SE": (49, 49), "PE": (50, 56), "AL": (57, 57), "PB": (58, 58), "RN": (59, 59),
    "CE": (60, 63), "PI": (64, 64), "MA": (65, 65), "PA": (66, 68), "AP": (68, 68),
    "AM": (69, 69), "RR": (69, 69), "AC": (69, 69), "DF": (70, 73), "GO": (72, 76),
    "RO": (76, 76), "TO": (77, 77), "MT": (78, 78), "MS": (79, 79), "PR": (80, 87),
    "SC": (88, 89), "RS": (90, 99),
}
assert set(BR_PREFIXES) == set(BR_ZONE_OF) and len(BR_PREFIXES) == 27
BR_STATES = {
    "AC": "Acre", "AL": "Alagoas", "AP": "Amapá", "AM": "Amazonas", "BA": "Bahia",
    "CE": "Ceará", "DF": "Distrito Federal", "ES": "Espírito Santo", "GO": "Goiás",
    "MA": "Maranhão", "MT": "Mato Grosso", "MS": "Mato Grosso do Sul", "MG": "Minas Gerais",
    "PA": "Pará", "PB": "Paraíba", "PR": "Paraná", "PE": "Pernambuco", "PI": "Piauí",
    "RJ": "Rio de Janeiro", "RN": "Rio Grande do Norte", "RS": "Rio Grande do Sul",
    "RO": "Rondônia", "RR": "Roraima", "SC": "Santa Catarina", "SP": "São Paulo",
    "SE": "Sergipe", "TO": "Tocantins",
}

# ---- Japan -----------------------------------------------------------------------------------

# JIS X 0401 prefecture codes (= ISO 3166-2:JP) and their names.
JP_PREFECTURES = dict(enumerate("""
北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 群馬県 埼玉県 千葉県 東京都 神奈川県
新潟県 富山県 石川県 福井県 山梨県 長野県 岐阜県 静岡県 愛知県 三重県 滋賀県 京都府 大阪府 兵庫県
奈良県 和歌山県 鳥取県 島根県 岡山県 広島県 山口県 徳島県 香川県 愛媛県 高知県 福岡県 佐賀県 長崎県
熊本県 大分県 宮崎県 鹿児島県 沖縄県""".split(), start=1))
JP_PREFECTURES = {f"{n:02d}": name for n, name in JP_PREFECTURES.items()}
assert len(JP_PREFECTURES) == 47
# First two postcode digits of each prefecture (Japan Post). 199 is Tokyo's Tama area and
# Sagamihara's Midori ward (Kanagawa), hence the one shared prefix.
JP_POSTCODE = {
    "01": "00 04 05 06 07 08 09", "02": "03", "03": "02", "04": "98", "05": "01", "06": "99",
    "07": "96 97", "08": "30 31", "09": "32", "10": "37", "11": "33 34 35 36",
    "12": "26 27 28 29", "13": "10 11 12 13 14 15 16 17 18 19 20",
    "14": "19 21 22 23 24 25", "15": "94 95", "16": "93", "17": "92", "18": "91", "19": "40",
    "20": "38 39", "21": "50", "22": "41 42 43", "23": "44 45 46 47 48 49", "24": "51",
    "25": "52", "26": "60 61 62", "27": "53 54 55 56 57 58 59", "28": "65 66 67", "29": "63",
    "30": "64", "31": "68", "32": "69", "33": "70 71", "34": "72 73", "35": "74 75",
    "36": "77", "37": "76", "38": "79", "39": "78", "40": "80 81 82 83", "41": "84",
    "42": "85", "43": "86", "44": "87", "45": "88", "46": "89", "47": "90",
}
JP_POSTCODE = {code: set(p.split()) for code, p in JP_POSTCODE.items()}
assert set(JP_POSTCODE) == set(JP_PREFECTURES)
assert len(set().union(*JP_POSTCODE.values())) == 100  # every prefix 00..99 has a prefecture

# ---- Per locale ------------------------------------------------------------------------------

# (lat_min, lat_max, lon_min, lon_max) boxes that together cover the country.
BOXES = {
    "GB": [(49.8, 60.9, -8.7, 1.8)],
    "DE": [(47.2, 55.1, 5.8, 15.1)],
    "FR": [(41.3, 51.1, -5.2, 9.6)],  # metropolitan France with Corsica
    "ES": [(35.2, 43.8, -9.4, 4.4),  # peninsula, Baleares, Ceuta and Melilla
           (27.6, 29.5, -18.2, -13.3)],  # Canarias
    "IT": [(35.4, 47.1, 6.6, 18.6)],
    "BR": [(-33.8, 5.3, -74.0, -28.8)],
    "JP": [(24.0, 45.6, 122.9, 146.0)],  # Yonaguni and Okinawa to Hokkaido
}

# ISO 3166-2 subdivision types a row's region may be.
REGION_TYPES = {
    "GB": {"Country", "Province"},
    "DE": {"Land"},
    "FR": {"Metropolitan region", "Metropolitan collectivity with special status"},
    "ES": {"Province", "Autonomous city in north africa"},
    "IT": {"Province", "Metropolitan city", "Free municipal consortium", "Autonomous province",
           "Decentralized regional entity"},
    "BR": {"State", "Federal district"},
    "JP": {"Prefecture"},
}

# Number of regions every 100,000-row table must cover: all where there are few (UK nations,
# Länder, régions), at least 10 otherwise.
MIN_REGIONS = {"GB": 4, "DE": 16, "FR": 13, "ES": 10, "IT": 10, "BR": 10, "JP": 10}

LOCALES = {"en_GB": "GB", "de_DE": "DE", "fr_FR": "FR", "es_ES": "ES", "it_IT": "IT",
           "pt_BR": "BR", "ja_JP": "JP"}

POSTCODE = {
    "GB": GB_POSTCODE,
    "DE": re.compile(r"\d{5}"),
    "FR": re.compile(r"\d{5}"),
    "ES": re.compile(r"(0[1-9]|[1-4]\d|5[0-2])\d{3}"),
    "IT": re.compile(r"\d{5}"),
    "BR": re.compile(r"\d{5}-\d{3}"),
    "JP": re.compile(r"\d{3}-\d{4}"),
}


def postcode_region_ok(cc, pc, code):
    if cc == "GB":
        return gb_postcode_nation(pc, code)
    if cc == "DE":
        return pc[0] in DE_ZONES.get(code, "")
    if cc == "FR":
        return pc[:2] in FR_DEPARTMENTS.get(code, ())
    if cc == "ES":
        return code in ES_PROVINCES and int(pc[:2]) == ES_PROVINCES[code][0]
    if cc == "IT":
        return pc[:2] in IT_CAP_OF.get(code, ())
    if cc == "BR":
        lo, hi = BR_PREFIXES.get(code, (1, 0))
        return int(pc[0]) in BR_ZONE_OF.get(code, ()) and lo <= int(pc[:2]) <= hi
    if cc == "JP":
        return pc[:2] in JP_POSTCODE.get(code, ())
    raise ValueError(cc)


POSTCODE_FACT = {
    "GB": "its area is a Royal Mail area of the row's nation",
    "DE": "its Leitzone reaches the row's Land",
    "FR": "it starts with a département of the row's région",
    "ES": "it starts with the INE number of the row's province",
    "IT": "it starts with a CAP prefix of the row's provincia",
    "BR": "its first digit is the state's CEP region and its first two in the state's range",
    "JP": "it starts with a prefix of the row's prefecture",
}


def street_address(cc, street, number):
    """street_address as the locale writes it."""
    if cc in ("GB", "FR"):
        return f"{number} {street}"
    if cc in ("DE", "IT"):
        return f"{street} {number}"
    if cc in ("ES", "BR"):
        return f"{street}, {number}"
    return street + number  # JP: 本町1-2-3


def full_address(cc, r):
    """The row's full_address rebuilt from its own parts in the locale's order."""
    street, unit = r["street_address"], r["secondary_address"]
    city, pc, code = r["city"], r["postcode"], r["state_code"]
    if cc == "GB":
        return f"{unit + ', ' if unit else ''}{street}, {city}, {pc}"
    head = f"{street}, {unit}" if unit else street
    if cc in ("DE", "FR", "ES"):
        return f"{head}, {pc} {city}"
    if cc == "IT":
        return f"{head}, {pc} {city} {code}"
    if cc == "BR":
        return f"{head}, {city} - {code}, {pc}"
    return f"〒{pc} {r['state']}{city}{street}{' ' + unit if unit else ''}"  # JP


BUILDING_NUMBER = {cc: re.compile(r"[1-9]\d{0,3}[A-Za-z]?") for cc in LOCALES.values()}
BUILDING_NUMBER["JP"] = re.compile(r"[1-9]\d?-[1-9]\d?-[1-9]\d?")


def normal(name):
    """Name compared loosely: case, accents, hyphens, apostrophes, iso-codes' '[...]' and '*'."""
    name = re.sub(r"\[.*?\]|\*", "", name).replace("’", "'")
    name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(re.split(r"[\s\-']+", name.lower())).strip()


def region_names(cc, code, iso2):
    """Accepted names of a region: its iso-codes name and the names written in this script."""
    names = set()
    sub = iso2.get(f"{cc}-{code}")
    if sub and cc != "JP":  # iso-codes JSON has the romaji only
        names.add(sub["name"])
    names |= {
        "GB": lambda: {GB_NATIONS.get(code)},
        "DE": lambda: {DE_LAENDER.get(code)},
        "FR": lambda: {FR_REGIONS.get(code)},
        "ES": lambda: set(ES_PROVINCES.get(code, ())[1:]),
        "IT": lambda: IT_NAMES.get(code, set()),
        "BR": lambda: {BR_STATES.get(code)},
        "JP": lambda: {JP_PREFECTURES.get(code)},
    }[cc]()
    return {normal(n) for n in names if n}


# Postal area of a postcode for the compactness check, and how far apart (km) two city centres
# of one area, or of one region, may be: a UK postcode area, a German PLZ-Region, a French
# département, a Spanish or Italian province (Baleares and Canarias span islands), a Japanese or
# Brazilian 3-digit sector (Brazil's span whole northern states); the regions' sizes.
AREA_KM = {"GB": 250, "DE": 200, "FR": 250, "ES": 400, "IT": 250, "BR": 800, "JP": 250}
REGION_KM = {"GB": 1100, "DE": 600, "FR": 650, "ES": 400, "IT": 300, "BR": 2300, "JP": 800}


def postal_area(cc, pc):
    if cc == "GB":
        return gb_area(pc)
    return pc[:3] if cc in ("JP", "BR") else pc[:2]


def postal_district(cc, pc):
    """The unit of a postcode that names one place: a UK outward code, the first 5 digits of
    a Brazilian CEP or of a Japanese postcode (town level), the whole code elsewhere."""
    if cc == "GB":
        return pc.split(" ")[0]
    return {"BR": pc[:5], "JP": pc[:6]}.get(cc, pc)


def km(a, b):
    """Great-circle distance of two (lat, lon) points."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (math.sin((la2 - la1) / 2) ** 2
         + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2)
    return 2 * 6371 * math.asin(math.sqrt(h))


def widest(group):
    """(km, name, name) of the two farthest of {name: (lat, lon)}; 0 km for a single name."""
    names = sorted(group)
    pairs = [(round(km(group[x], group[y])), x, y)
             for i, x in enumerate(names) for y in names[i + 1:]]
    return max(pairs) if pairs else (0, names[0], names[0])


def in_boxes(cc, lat, lon):
    return any(a <= lat <= b and c <= lon <= d for a, b, c, d in BOXES[cc])


def check_locale(data_cli, locale, iso1, iso2):
    cc = LOCALES[locale]
    fields = {p: f"{{provider: {p}}}" for p in (
        "street_address", "building_number", "street_name", "city", "state", "state_code",
        "postcode", "latitude", "longitude", "full_address", "country", "country_code")}
    fields["secondary_address"] = "{provider: secondary_address, nullable: 0.2}"
    rows = generate(data_cli, fields, locale=locale)
    what = f"{locale}:"

    check(f"{what} postcode format", [r["postcode"] for r in rows],
          lambda v: POSTCODE[cc].fullmatch(v) is not None)
    check(f"{what} postcode matches the region ({POSTCODE_FACT[cc]})",
          [(r["postcode"], r["state_code"], r["city"]) for r in rows],
          lambda v: POSTCODE[cc].fullmatch(v[0]) is not None
          and postcode_region_ok(cc, v[0], v[1]))

    def iso_region(code):
        sub = iso2.get(f"{cc}-{code}")
        return sub is not None and sub["type"] in REGION_TYPES[cc]

    check(f"{what} state_code is an ISO 3166-2 {'/'.join(sorted(REGION_TYPES[cc]))} (iso-codes)",
          [r["state_code"] for r in rows], iso_region)
    check(f"{what} state is the name of state_code's region",
          [(r["state_code"], r["state"]) for r in rows],
          lambda v: normal(v[1]) in region_names(cc, v[0], iso2))
    names_of, codes_of = defaultdict(set), defaultdict(set)
    for r in rows:
        names_of[r["state_code"]].add(r["state"])
        codes_of[r["state"]].add(r["state_code"])
    check(f"{what} every state_code has one state name",
          [(c, sorted(n)) for c, n in names_of.items()], lambda v: len(v[1]) == 1)
    check(f"{what} every state name has one state_code",
          [(n, sorted(c)) for n, c in codes_of.items()], lambda v: len(v[1]) == 1)

    check(f"{what} latitude/longitude inside the country's box",
          [(r["latitude"], r["longitude"], r["city"]) for r in rows],
          lambda v: in_boxes(cc, v[0], v[1]))

    check(f"{what} building_number format", [r["building_number"] for r in rows],
          lambda v: BUILDING_NUMBER[cc].fullmatch(str(v)) is not None)
    check(f"{what} street_address is the row's street_name and building_number in order",
          [(r["street_address"], r["street_name"], r["building_number"]) for r in rows],
          lambda v: v[0] == street_address(cc, v[1], str(v[2])))
    check(f"{what} secondary_address is a short unit without commas",
          [r["secondary_address"] for r in rows if r["secondary_address"] is not None],
          lambda v: 0 < len(v) <= 20 and "," not in v and v == v.strip())
    check(f"{what} full_address is the row's parts in the locale's order (with a unit)",
          [(r["full_address"], full_address(cc, r)) for r in rows
           if r["secondary_address"] is not None], lambda v: v[0] == v[1])
    check(f"{what} full_address is the row's parts in the locale's order (unit NULL)",
          [(r["full_address"], full_address(cc, r)) for r in rows
           if r["secondary_address"] is None], lambda v: v[0] == v[1])
    check(f"{what} both kinds of full_address occur",
          [sum(r["secondary_address"] is None for r in rows)], lambda n: 0 < n < len(rows))

    country = iso1.get(cc, {})
    country_names = {country.get("name"), country.get("common_name"),
                     country.get("official_name")} - {None}
    check(f"{what} country/country_code is the locale's country ({cc}, iso-codes names)",
          [(r["country"], r["country_code"]) for r in rows],
          lambda v: v[1] == cc and v[0] in country_names)

    # Consistency of the places over the table.
    by_city = defaultdict(list)
    for r in rows:
        by_city[r["city"]].append(r)

    def area(pc):  # UK postcode area, else the first two digits
        return gb_area(pc) if cc == "GB" else pc[:2]

    check(f"{what} every city is always in the same region",
          [(c, sorted({(r["state_code"], r["state"]) for r in rs})) for c, rs in by_city.items()],
          lambda v: len(v[1]) == 1)
    # London spans 8 areas, Berlin 10xxx-14xxx and São Paulo 01xxx-05xxx 5: more than that
    # means postcodes of other places.
    max_areas = {"GB": 8, "DE": 5, "BR": 5}.get(cc, 3)
    check(f"{what} every city's postcodes are in at most {max_areas} postal areas",
          [(c, sorted({area(r["postcode"]) for r in rs})) for c, rs in by_city.items()],
          lambda v: len(v[1]) <= max_areas)
    check(f"{what} every city's coordinates lie within 0.05 degrees of one centre",
          [(c, round(max(r["latitude"] for r in rs) - min(r["latitude"] for r in rs), 4),
            round(max(r["longitude"] for r in rs) - min(r["longitude"] for r in rs), 4))
           for c, rs in by_city.items()],
          lambda v: v[1] <= 0.1001 and v[2] <= 0.1001)
    # A postal district names one place: one city's postcode range must not reach into another's.
    cities_of_district = defaultdict(set)
    for r in rows:
        cities_of_district[postal_district(cc, r["postcode"])].add(r["city"])
    shared = defaultdict(lambda: defaultdict(list))
    for district, cities in sorted(cities_of_district.items()):
        for c in cities:
            for other in cities - {c}:
                shared[c][other].append(district)
    check(f"{what} no postal district is generated for two cities",
          [(c, {o: ds[:3] + ["..."] * (len(ds) > 3) for o, ds in shared[c].items()})
           for c in sorted(by_city)], lambda v: not v[1])

    centre = {c: (sum(r["latitude"] for r in rs) / len(rs),
                  sum(r["longitude"] for r in rs) / len(rs)) for c, rs in by_city.items()}
    cities_of_area, cities_of_region = defaultdict(dict), defaultdict(dict)
    for c, rs in by_city.items():
        for r in rs:
            cities_of_area[postal_area(cc, r["postcode"])][c] = centre[c]
            cities_of_region[r["state_code"]][c] = centre[c]
    check(f"{what} the cities of one postal area lie within {AREA_KM[cc]} km of each other",
          [(a, widest(g)) for a, g in sorted(cities_of_area.items())],
          lambda v: v[1][0] <= AREA_KM[cc])
    check(f"{what} the cities of one region lie within {REGION_KM[cc]} km of each other",
          [(a, widest(g)) for a, g in sorted(cities_of_region.items())],
          lambda v: v[1][0] <= REGION_KM[cc])
    check(f"{what} at least 40 distinct cities", [len(by_city)], lambda n: n >= 40)
    check(f"{what} at least {MIN_REGIONS[cc]} distinct regions",
          [sorted({r["state_code"] for r in rows})], lambda v: len(v) >= MIN_REGIONS[cc])


def main():
    data_cli = sys.argv[1]
    for path in (ISO_3166_1, ISO_3166_2):
        if not os.path.exists(path):
            sys.exit(f"{path} not found: install the iso-codes package")
    with open(ISO_3166_1, encoding="utf-8") as f:
        iso1 = {c["alpha_2"]: c for c in json.load(f)["3166-1"]}
    with open(ISO_3166_2, encoding="utf-8") as f:
        iso2 = {s["code"]: s for s in json.load(f)["3166-2"]}
    for locale in LOCALES:
        check_locale(data_cli, locale, iso1, iso2)
    report()


if __name__ == "__main__":
    main()
