"""The words a roster may hold for codes (sex, relation, language, SEN category), in
English, Russian and Kazakh, kept as data; `rows` also accepts every translated label of
the vocabulary, so a label a translator chose is always understood."""

from __future__ import annotations

from caseroom.vocab import CaregiverRelation, HomeLanguage, Sex

SEX_WORDS: dict[str, tuple[str, ...]] = {
    Sex.FEMALE: ("f", "female", "girl", "ж", "жен", "женский", "девочка", "қ", "қыз"),
    Sex.MALE: ("m", "male", "boy", "м", "муж", "мужской", "мальчик", "ұ", "ұл", "ер"),
}

RELATION_WORDS: dict[str, tuple[str, ...]] = {
    CaregiverRelation.MOTHER: ("mother", "mom", "мать", "мама", "ана", "анасы", "шеше"),
    CaregiverRelation.FATHER: ("father", "dad", "отец", "папа", "әке", "әкесі", "ake"),
    CaregiverRelation.GRANDMOTHER: ("grandmother", "бабушка", "әже", "әжесі", "аже"),
    CaregiverRelation.GRANDFATHER: ("grandfather", "дедушка", "дед", "ата", "атасы"),
    CaregiverRelation.GUARDIAN: (
        "guardian", "опекун", "опекунша", "попечитель", "қамқоршы", "қамқоршысы",
    ),
    CaregiverRelation.OTHER: (
        "other", "другое", "другой", "иное", "родственник", "родственница", "тетя", "дядя",
        "сестра", "брат", "басқа", "туысы", "туыс",
    ),
}  # fmt: skip

LANGUAGE_WORDS: dict[str, tuple[str, ...]] = {
    HomeLanguage.KAZAKH: (
        "kk", "kz", "kaz", "kazakh", "қаз", "каз", "казахский", "қазақ", "қазақша",
        "қазақ тілі", "казахский язык",
    ),
    HomeLanguage.RUSSIAN: (
        "ru", "rus", "russian", "рус", "русский", "орыс", "орысша", "орыс тілі",
        "русский язык",
    ),
    HomeLanguage.OTHER: ("other", "другой", "другое", "иной", "басқа", "басқа тіл"),
}  # fmt: skip

SEN_WORDS: dict[str, tuple[str, ...]] = {
    "hearing": ("нарушения слуха", "нарушение слуха", "есту қабілетінің бұзылуы"),
    "vision": ("нарушения зрения", "нарушение зрения", "көру қабілетінің бұзылуы"),
    "musculoskeletal": (
        "нарушения опорно-двигательного аппарата", "нода", "тқа бұзылуы",
        "тірек-қимыл аппаратының бұзылуы",
    ),
    "speech": ("нарушения речи", "нарушение речи", "тнр", "сөйлеу тілінің бұзылуы"),
    "learning": ("трудности в обучении", "специфические трудности в обучении",
                 "оқудағы қиындықтар"),
    "delayed_development": ("зпр", "задержка психического развития", "пдт",
                            "психикалық дамудың тежелуі"),
    "intellectual": ("умственная отсталость", "интеллектуальные нарушения",
                     "нарушения интеллекта", "зияткерлік бұзылыстар", "ақыл-ой кемістігі"),
    "autism": ("аутизм", "рас", "расстройства аутистического спектра", "аутизм спектрі",
               "аутистік спектр бұзылысы", "асб"),
    "behaviour": ("нарушения поведения", "трудности поведения", "мінез-құлық бұзылыстары"),
    "complex": ("сложные нарушения", "множественные нарушения", "күрделі бұзылыстар",
                "кешенді бұзылыстар"),
}  # fmt: skip
"""Common short and long names of the built-in SEN categories (ЗПР, РАС, НОДА ...)."""
