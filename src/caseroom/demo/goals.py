"""Support-plan texts of the demo data, in Kazakh, Russian and English.

Each goal is (description, baseline, target, measurable criterion). The Kazakh texts are
simple and wait for a native speaker's review. These are sample records, not interface
strings, so they live here as data rather than in the gettext catalogue.
"""

from __future__ import annotations

GoalText = tuple[str, str, str, str]

GOALS: dict[str, tuple[dict[str, GoalText], ...]] = {
    "cognitive": (
        {
            "ru": (
                "Удерживать внимание на учебном задании",
                "Удерживает внимание 3–5 минут, отвлекается на шум",
                "Работает над заданием 15 минут без напоминаний",
                "15 минут работы без напоминаний в 4 из 5 занятий",
            ),
            "kk": (
                "Оқу тапсырмасына зейінін ұстау",
                "Зейінін 3–5 минут ұстайды, шуға алаңдайды",
                "Тапсырманы еске салусыз 15 минут орындайды",
                "5 сабақтың 4-інде еске салусыз 15 минут жұмыс",
            ),
            "en": (
                "Keep attention on a learning task",
                "Attends for 3–5 minutes, distracted by noise",
                "Works on a task for 15 minutes without reminders",
                "15 minutes without reminders in 4 of 5 sessions",
            ),
        },
        {
            "ru": (
                "Классифицировать предметы по двум признакам",
                "Группирует предметы только по цвету",
                "Группирует по цвету и форме, объясняет выбор",
                "8 из 10 верных группировок с объяснением",
            ),
            "kk": (
                "Заттарды екі белгі бойынша топтастыру",
                "Заттарды тек түсі бойынша топтастырады",
                "Түсі мен пішіні бойынша топтастырып, түсіндіреді",
                "10 топтастырудың 8-і дұрыс және түсіндірілген",
            ),
            "en": (
                "Sort objects by two features",
                "Sorts objects by colour only",
                "Sorts by colour and shape and explains the choice",
                "8 of 10 correct sorts with an explanation",
            ),
        },
    ),
    "speech": (
        {
            "ru": (
                "Правильно произносить звук [Р] в словах",
                "Звук [Р] заменяет на [Л]",
                "Произносит [Р] в словах и фразах",
                "90% верного произношения в контрольном списке из 20 слов",
            ),
            "kk": (
                "[Р] дыбысын сөздерде дұрыс айту",
                "[Р] дыбысын [Л] дыбысымен алмастырады",
                "[Р] дыбысын сөздер мен сөйлемдерде айтады",
                "20 сөздік тізімде 90% дұрыс айту",
            ),
            "en": (
                "Pronounce the sound [r] correctly in words",
                "Replaces [r] with [l]",
                "Says [r] in words and short phrases",
                "90% correct on a 20-word probe list",
            ),
        },
        {
            "ru": (
                "Составлять рассказ по серии картинок",
                "Называет отдельные предметы на картинках",
                "Рассказывает по 3–4 картинкам связными предложениями",
                "Рассказ из 4 предложений по серии картинок без подсказок",
            ),
            "kk": (
                "Суреттер топтамасы бойынша әңгіме құрау",
                "Суреттердегі жеке заттарды атайды",
                "3–4 сурет бойынша байланысты сөйлеммен айтады",
                "Көмексіз 4 сөйлемнен тұратын әңгіме",
            ),
            "en": (
                "Tell a story from a picture sequence",
                "Names single objects in pictures",
                "Tells a story from 3–4 pictures in linked sentences",
                "A 4-sentence story from a picture sequence without prompts",
            ),
        },
    ),
    "social_emotional": (
        {
            "ru": (
                "Справляться с сильными эмоциями без вспышек",
                "2–3 вспышки гнева в день при смене деятельности",
                "Использует приём «стоп — вдох — скажи словами»",
                "Не более одной вспышки в неделю по дневнику учителя",
            ),
            "kk": (
                "Күшті эмоцияны ашусыз басқару",
                "Іс-әрекет ауысқанда күніне 2–3 рет ашуланады",
                "«Тоқта — дем ал — сөзбен айт» тәсілін қолданады",
                "Мұғалім күнделігі бойынша аптасына бір реттен аспайды",
            ),
            "en": (
                "Cope with strong feelings without outbursts",
                "2–3 outbursts a day when activities change",
                "Uses 'stop, breathe, say it in words'",
                "At most one outburst a week in the teacher's log",
            ),
        },
        {
            "ru": (
                "Вступать в контакт со сверстниками в игре",
                "Играет рядом с детьми, но не вместе",
                "Предлагает игру и соблюдает очерёдность",
                "3 совместные игры на перемене за неделю",
            ),
            "kk": (
                "Ойында құрдастарымен қарым-қатынас жасау",
                "Балалардың қасында ойнайды, бірақ бірге емес",
                "Ойын ұсынады және кезекті сақтайды",
                "Аптасына үзілісте 3 бірлескен ойын",
            ),
            "en": (
                "Join peers in play",
                "Plays beside other children, not with them",
                "Suggests a game and takes turns",
                "3 shared games at break in a week",
            ),
        },
    ),
    "gross_motor": (
        {
            "ru": (
                "Сохранять равновесие при ходьбе по скамейке",
                "Проходит 1 м с поддержкой взрослого",
                "Проходит скамейку 3 м самостоятельно",
                "3 м без поддержки в 3 попытках из 3",
            ),
            "kk": (
                "Орындықпен жүргенде тепе-теңдікті сақтау",
                "Ересектің көмегімен 1 м жүреді",
                "3 м орындықты өздігінен жүріп өтеді",
                "3 талпыныстың 3-інде көмексіз 3 м",
            ),
            "en": (
                "Keep balance walking along a bench",
                "Walks 1 m with an adult's support",
                "Walks a 3 m bench independently",
                "3 m without support in 3 of 3 tries",
            ),
        },
    ),
    "fine_motor": (
        {
            "ru": (
                "Застёгивать пуговицы и работать ножницами",
                "Не застёгивает пуговицы, режет ножницами с помощью",
                "Застёгивает 5 пуговиц, вырезает по контуру",
                "5 пуговиц за 2 минуты; вырезание по линии с отклонением до 5 мм",
            ),
            "kk": (
                "Түйме салу және қайшымен жұмыс істеу",
                "Түйме сала алмайды, қайшымен көмекпен кеседі",
                "5 түйме салады, контур бойымен қияды",
                "2 минутта 5 түйме; сызық бойымен 5 мм-ге дейін ауытқу",
            ),
            "en": (
                "Do up buttons and use scissors",
                "Cannot do up buttons; cuts with help",
                "Does up 5 buttons and cuts along an outline",
                "5 buttons in 2 minutes; cutting within 5 mm of the line",
            ),
        },
    ),
    "graphomotor": (
        {
            "ru": (
                "Писать буквы в строке тетради",
                "Буквы разного размера, выходит за строку",
                "Пишет буквы одного размера в пределах строки",
                "Строка из 10 букв без выхода за линию в 4 из 5 работ",
            ),
            "kk": (
                "Дәптер жолына әріп жазу",
                "Әріптері әртүрлі көлемде, жолдан шығып кетеді",
                "Әріптерді бір көлемде жол ішінде жазады",
                "5 жұмыстың 4-інде жолдан шықпай 10 әріп",
            ),
            "en": (
                "Write letters within the line",
                "Letters vary in size and leave the line",
                "Writes letters of even size inside the line",
                "A line of 10 letters inside the ruling in 4 of 5 pieces",
            ),
        },
    ),
    "self_care": (
        {
            "ru": (
                "Самостоятельно собирать портфель по списку",
                "Собирает портфель только с мамой",
                "Собирает портфель по картинному списку сам",
                "Ничего не забыто 4 дня из 5 по отметке учителя",
            ),
            "kk": (
                "Тізім бойынша портфельді өзі жинау",
                "Портфельді тек анасымен жинайды",
                "Суретті тізім бойынша портфельді өзі жинайды",
                "Мұғалім белгісі бойынша 5 күннің 4-інде ештеңе ұмытылмайды",
            ),
            "en": (
                "Pack the school bag from a list",
                "Packs the bag only with a parent",
                "Packs the bag alone from a picture list",
                "Nothing forgotten on 4 of 5 days, by the teacher's mark",
            ),
        },
    ),
    "academic": (
        {
            "ru": (
                "Читать по слогам короткие тексты с пониманием",
                "Читает отдельные слоги, сливает с трудом",
                "Читает текст из 30 слов и отвечает на вопросы",
                "3 из 4 верных ответов по тексту из 30 слов",
            ),
            "kk": (
                "Қысқа мәтінді буындап түсініп оқу",
                "Жеке буындарды оқиды, қосуы қиын",
                "30 сөздік мәтінді оқып, сұрақтарға жауап береді",
                "30 сөздік мәтін бойынша 4 сұрақтың 3-іне дұрыс жауап",
            ),
            "en": (
                "Read short texts syllable by syllable with understanding",
                "Reads single syllables, blends with difficulty",
                "Reads a 30-word text and answers questions about it",
                "3 of 4 correct answers on a 30-word text",
            ),
        },
        {
            "ru": (
                "Складывать и вычитать в пределах 20",
                "Считает на пальцах в пределах 10",
                "Решает примеры в пределах 20 с опорой на числовую прямую",
                "8 из 10 верных примеров за 10 минут",
            ),
            "kk": (
                "20 көлеміндегі қосу және азайту",
                "10 көлемінде саусақпен санайды",
                "Сан түзуіне сүйеніп 20 көлеміндегі мысалдарды шығарады",
                "10 минутта 10 мысалдың 8-і дұрыс",
            ),
            "en": (
                "Add and subtract within 20",
                "Counts on fingers within 10",
                "Solves sums within 20 using a number line",
                "8 of 10 correct sums in 10 minutes",
            ),
        },
    ),
}
"""Goal texts per developmental domain; each entry holds the three languages."""

DOMAINS_FOR_CATEGORY: dict[str, tuple[str, ...]] = {
    "hearing": ("speech", "social_emotional", "academic", "cognitive"),
    "vision": ("fine_motor", "self_care", "academic", "gross_motor"),
    "musculoskeletal": ("gross_motor", "fine_motor", "graphomotor", "self_care"),
    "speech": ("speech", "graphomotor", "academic", "cognitive"),
    "learning": ("academic", "cognitive", "graphomotor", "speech"),
    "delayed_development": ("cognitive", "academic", "speech", "fine_motor", "self_care"),
    "intellectual": ("cognitive", "self_care", "speech", "fine_motor", "academic"),
    "autism": ("social_emotional", "speech", "self_care", "cognitive"),
    "behaviour": ("social_emotional", "cognitive", "academic"),
    "complex": ("self_care", "gross_motor", "fine_motor", "speech", "social_emotional"),
}
"""Domains a plan for a child of each SEN category is drawn from, most likely first."""

RECOMMENDATIONS: dict[str, dict[str, str]] = {
    "ru": {
        "hearing": "Занятия с сурдопедагогом 2 раза в неделю; место за первой партой.",
        "vision": "Увеличенный шрифт, освещение рабочего места; занятия с тифлопедагогом.",
        "musculoskeletal": "Адаптированное рабочее место, сопровождение ассистента.",
        "speech": "Логопедические занятия 2–3 раза в неделю.",
        "learning": "Коррекционные занятия по чтению и письму; дополнительное время.",
        "delayed_development": "Обучение по общей программе с адаптацией; дефектолог.",
        "intellectual": "Обучение по специальной программе; занятия с дефектологом.",
        "autism": "Сопровождение тьютора; визуальное расписание; занятия с психологом.",
        "behaviour": "Занятия с психологом; единые правила дома и в школе.",
        "complex": "Индивидуальный учебный план; ассистент; ЛФК.",
    },
    "kk": {
        "hearing": "Сурдопедагогпен аптасына 2 рет сабақ; бірінші партада отыру.",
        "vision": "Үлкейтілген қаріп, жұмыс орнын жарықтандыру; тифлопедагог.",
        "musculoskeletal": "Бейімделген жұмыс орны, ассистенттің сүйемелдеуі.",
        "speech": "Аптасына 2–3 рет логопедтік сабақ.",
        "learning": "Оқу мен жазуға түзету сабақтары; қосымша уақыт.",
        "delayed_development": "Жалпы бағдарлама бейімделіп оқытылады; дефектолог.",
        "intellectual": "Арнайы бағдарлама бойынша оқыту; дефектолог сабақтары.",
        "autism": "Тьютор сүйемелдеуі; көрнекі кесте; психологпен сабақ.",
        "behaviour": "Психологпен сабақ; үйде және мектепте бірыңғай ережелер.",
        "complex": "Жеке оқу жоспары; ассистент; емдік дене шынықтыру.",
    },
    "en": {
        "hearing": "Sessions with a teacher of the deaf twice a week; a front-row seat.",
        "vision": "Large print, good lighting at the desk; sessions with a vision teacher.",
        "musculoskeletal": "An adapted workplace and a teaching assistant.",
        "speech": "Speech therapy 2–3 times a week.",
        "learning": "Remedial reading and writing; extra time.",
        "delayed_development": "General curriculum with adaptations; special educator.",
        "intellectual": "A special curriculum; sessions with a special educator.",
        "autism": "A tutor; a visual timetable; sessions with the psychologist.",
        "behaviour": "Sessions with the psychologist; the same rules at home and at school.",
        "complex": "An individual curriculum; an assistant; therapeutic exercise.",
    },
}
"""PMPK recommendations per SEN category and language."""

REVIEW_SUMMARIES: dict[str, tuple[str, ...]] = {
    "ru": (
        "Положительная динамика по большинству целей; план продолжается без изменений.",
        "Динамика неравномерная; увеличить число совместных занятий с мамой.",
        "Цели по речи близки к достижению; добавить цель по чтению.",
    ),
    "kk": (
        "Мақсаттардың көбінде оң динамика; жоспар өзгеріссіз жалғасады.",
        "Динамика біркелкі емес; анасымен бірлескен сабақтарды көбейту.",
        "Сөйлеу мақсаттары орындалуға жақын; оқу мақсатын қосу.",
    ),
    "en": (
        "Progress on most goals; the plan continues unchanged.",
        "Uneven progress; more joint sessions with the mother.",
        "Speech goals nearly met; add a reading goal.",
    ),
}

REFERRALS: dict[str, tuple[tuple[str, str], ...]] = {
    "ru": (
        ("ПМПК г. Есик", "Повторное обследование: истекает срок заключения"),
        ("Детский невролог, городская поликлиника", "Частые головные боли, утомляемость"),
        ("Реабилитационный центр «Шапағат»", "Курс ЛФК и массажа"),
        ("Сурдолог, областная детская больница", "Проверка слуховых аппаратов"),
    ),
    "kk": (
        ("Есік қ. ПМПК", "Қайта тексеру: қорытындының мерзімі бітеді"),
        ("Балалар неврологы, қалалық емхана", "Жиі бас ауруы, тез шаршайды"),
        ("«Шапағат» оңалту орталығы", "Емдік дене шынықтыру және массаж курсы"),
        ("Сурдолог, облыстық балалар ауруханасы", "Есту аппараттарын тексеру"),
    ),
    "en": (
        ("Esik PMPK", "Re-assessment: the conclusion is about to expire"),
        ("Child neurologist, town clinic", "Frequent headaches, tires quickly"),
        ("Shapagat rehabilitation centre", "A course of physiotherapy and massage"),
        ("Audiologist, regional children's hospital", "Hearing aids to be checked"),
    ),
}
"""Where children are referred: (to whom, reason) per language."""

CAREGIVER_REFERRAL: dict[str, tuple[str, str]] = {
    "ru": ("Центр психического здоровья г. Есик", "Выраженная усталость и тревога у мамы"),
    "kk": ("Есік қ. психикалық денсаулық орталығы", "Анасында шаршау мен мазасыздық"),
    "en": ("Esik mental health centre", "The mother is exhausted and anxious"),
}
