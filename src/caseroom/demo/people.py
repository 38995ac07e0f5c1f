"""Names, places and the room of the demo data (`caseroom demo`).

Names are data, not interface text: they are the same whatever language the demo is made
in. Some are typed in Latin letters (`latin`), as happens in real rosters now that Kazakh
is moving to a Latin alphabet.
"""

from __future__ import annotations

import random

KAZAKH_MALE: tuple[str, ...] = (
    "Ерлан", "Нұрлан", "Асхат", "Бауыржан", "Дәурен", "Серік", "Марат", "Ержан", "Арман",
    "Болат", "Талғат", "Ахмет", "Жандос", "Мұрат", "Қанат", "Руслан", "Азамат", "Алмас",
    "Бекзат", "Дархан", "Ерболат", "Максат", "Нұрбек", "Олжас", "Сәкен", "Тимур", "Айдос",
    "Рустем", "Ербол", "Санжар", "Әлібек", "Нұрсұлтан", "Ислам", "Әділет", "Мирас", "Алихан",
    "Айсұлтан", "Ерасыл", "Бекарыс", "Арсен", "Ілияс", "Диас", "Нұрислам", "Жансерік",
)  # fmt: skip
KAZAKH_FEMALE: tuple[str, ...] = (
    "Айгерім", "Гүлнара", "Жанна", "Әлия", "Динара", "Салтанат", "Мөлдір", "Ақмарал",
    "Жұлдыз", "Гүлмира", "Самал", "Айнұр", "Назерке", "Аружан", "Индира", "Бақыт", "Әсем",
    "Ляззат", "Мадина", "Шынар", "Айсұлу", "Томирис", "Жансая", "Ақбота", "Камила", "Аяжан",
    "Дильназ", "Медина", "Айша", "Раушан", "Үміт", "Гаухар", "Сәуле", "Асель", "Дана",
)  # fmt: skip
KAZAKH_SURNAMES: tuple[str, ...] = (
    "Ахметов", "Сейтқали", "Жұмабаев", "Омаров", "Нұрланов", "Серікбаев", "Тоқтаров",
    "Қасымов", "Бекмұратов", "Ермеков", "Сұлтанов", "Әбілов", "Тұрсынов", "Есенов",
    "Мұхаметжанов", "Байжанов", "Жақсылық", "Оспанов", "Дүйсенов", "Қожахметов", "Әлімжанов",
    "Исаев", "Смағұлов", "Төлеуов", "Шәріпов", "Бекболат", "Сапаров", "Кенжебаев",
    "Ақылбеков", "Рахымжанов", "Айтбаев", "Нұрғали",
)  # fmt: skip
RUSSIAN_MALE: tuple[tuple[str, str], ...] = (
    ("Сергей", "Сергеев"), ("Андрей", "Андреев"), ("Алексей", "Алексеев"),
    ("Дмитрий", "Дмитриев"), ("Николай", "Николаев"), ("Евгений", "Евгеньев"),
    ("Игорь", "Игорев"), ("Владимир", "Владимиров"), ("Александр", "Александров"),
    ("Виктор", "Викторов"), ("Олег", "Олегов"), ("Павел", "Павлов"), ("Михаил", "Михайлов"),
    ("Юрий", "Юрьев"), ("Роман", "Романов"), ("Денис", "Денисов"), ("Иван", "Иванов"),
    ("Максим", "Максимов"), ("Артём", "Артёмов"), ("Вадим", "Вадимов"),
    ("Кирилл", "Кириллов"), ("Егор", "Егоров"), ("Матвей", "Матвеев"), ("Тимофей", "Тимофеев"),
)  # fmt: skip
"""Russian male names with the stem their children's patronymics are built on."""
RUSSIAN_FEMALE: tuple[str, ...] = (
    "Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Анна", "Мария", "Юлия",
    "Екатерина", "Оксана", "Людмила", "Валентина", "Галина", "Виктория", "Алина",
    "Анастасия", "Полина", "Дарья", "Софья", "Ксения", "Вероника", "Арина", "Елизавета",
)  # fmt: skip
RUSSIAN_SURNAMES: tuple[str, ...] = (
    "Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов",
    "Новиков", "Морозов", "Волков", "Фёдоров", "Ковальчук", "Шевченко", "Бондаренко",
    "Мельников", "Ткаченко", "Зайцев", "Павленко", "Гусев", "Ким", "Пак", "Шульц",
)  # fmt: skip

STAFF: tuple[tuple[str, str, str, str], ...] = (
    ("psychologist", "Омарова", "Дана", "Серікқызы"),
    ("special_educator", "Ким", "Ирина", "Викторовна"),
    ("speech_therapist", "Жұмабаева", "Гүлмира", "Ерлановна"),
    ("social_pedagogue", "Сапаров", "Нұрлан", "Асқарұлы"),
    ("assistant", "Петрова", "Алина", "Сергеевна"),
)
"""The room's staff: (role, last name, first name, patronymic)."""

MOBILE_CODES: tuple[str, ...] = (
    "701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778",
)  # fmt: skip

STREETS: dict[str, tuple[str, ...]] = {
    "ru": (
        "ул. Абая", "ул. Толе би", "ул. Жамбыла", "ул. Кунаева", "ул. Айтеке би",
        "ул. Сатпаева", "ул. Момышулы", "ул. Байтурсынова", "ул. Гагарина", "ул. Мира",
        "мкр. Самал", "мкр. Восточный",
    ),
    "kk": (
        "Абай к-сі", "Төле би к-сі", "Жамбыл к-сі", "Қонаев к-сі", "Әйтеке би к-сі",
        "Сәтбаев к-сі", "Момышұлы к-сі", "Байтұрсынов к-сі", "Гагарин к-сі", "Бейбітшілік к-сі",
        "Самал ш/а", "Шығыс ш/а",
    ),
    "en": (
        "Abai St", "Tole Bi St", "Zhambyl St", "Kunayev St", "Aiteke Bi St", "Satpayev St",
        "Momyshuly St", "Baitursynov St", "Gagarin St", "Mira St", "Samal district",
        "Vostochny district",
    ),
}  # fmt: skip
TOWN: dict[str, str] = {"ru": "г. Есик", "kk": "Есік қ.", "en": "Esik"}
REGION: dict[str, str] = {
    "ru": "Алматинская область",
    "kk": "Алматы облысы",
    "en": "Almaty Region",
}
SCHOOL: dict[str, str] = {
    "ru": "КГУ «Общеобразовательная школа № 3 города Есик»",
    "kk": "«Есік қаласының № 3 жалпы білім беретін мектебі» КММ",
    "en": "Esik Secondary School No. 3",
}
ROOM_NAME: dict[str, str] = {
    "ru": "Кабинет поддержки инклюзии",
    "kk": "Инклюзивті қолдау кабинеті",
    "en": "Inclusion support room",
}
CLASS_LETTERS: dict[str, tuple[str, ...]] = {
    "kk": ("А", "Ә", "Б", "В"),
    "ru": ("А", "Б", "В", "Г"),
}

_LATIN: dict[str, str] = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e",
    "ё": "yo", "ж": "zh", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "k", "л": "l",
    "м": "m", "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ұ": "u", "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e",
    "ю": "yu", "я": "ya",
}  # fmt: skip


def latin(name: str) -> str:
    """`name` typed in Latin letters the way people do in rosters ("Жанна" -> "Zhanna")."""
    typed = "".join(_LATIN.get(letter, letter) for letter in name.lower())
    return typed[:1].upper() + typed[1:]


def surname(stem: str, female: bool) -> str:
    """The surname of a man or woman of a family whose (male) surname is `stem`."""
    if female and stem.endswith(("ов", "ев", "ёв", "ин")):
        return stem + "а"
    return stem


def patronymic(father: str, stem: str | None, female: bool, kazakh_style: bool) -> str:
    """A patronymic from the father's first name.

    Russian names use their stored stem (Сергеев -> Сергеевич / Сергеевна); Kazakh names
    take either the Kazakh form (Ерланұлы / Ерланқызы) or the Russian-style one.
    """
    if stem is not None:
        base = stem[:-2] if stem.endswith("ев") or stem.endswith("ов") else stem
        suffix = stem[-2:]
        if female:
            return base + ("евна" if suffix == "ев" else "овна")
        return base + ("евич" if suffix == "ев" else "ович")
    if kazakh_style:
        return father + ("қызы" if female else "ұлы")
    return father + ("овна" if female else "ович")


def phone(rng: random.Random) -> str:
    """A Kazakh mobile number in the stored form +7XXXXXXXXXX."""
    return f"+7{rng.choice(MOBILE_CODES)}{rng.randrange(10_000_000):07d}"


def address(rng: random.Random, lang: str) -> str:
    """A street address in the demo town."""
    street = rng.choice(STREETS[lang])
    house = rng.randint(1, 140)
    flat = rng.randint(1, 80) if rng.random() < 0.4 else None
    if lang == "kk":
        flat_text = f", {flat}-пәтер" if flat else ""
        return f"{TOWN[lang]}, {street}, {house}-үй{flat_text}"
    if lang == "en":
        flat_text = f", apt {flat}" if flat else ""
        return f"{house} {street}{flat_text}, {TOWN[lang]}"
    flat_text = f", кв. {flat}" if flat else ""
    return f"{TOWN[lang]}, {street}, д. {house}{flat_text}"
