#!/usr/bin/python3
"""Generates N short wire-style articles about partnerships (JSON Lines):
templates x partner countries x dates x sectors, French and English, each
text different (a dispatch number), deterministic for a given N.

Usage: gen_docs.py N OUT.jsonl
"""
import json
import sys

PARTNERS = [  # (English name, French name with article, French capital, English capital)
    ("Japan", "le Japon", "Tokyo", "Tokyo"),
    ("France", "la France", "Paris", "Paris"),
    ("Germany", "l'Allemagne", "Berlin", "Berlin"),
    ("India", "l'Inde", "New Delhi", "New Delhi"),
    ("Australia", "l'Australie", "Canberra", "Canberra"),
    ("Singapore", "Singapour", "Singapour", "Singapore"),
    ("Italy", "l'Italie", "Rome", "Rome"),
    ("Indonesia", "l'Indonésie", "Jakarta", "Jakarta"),
    ("Canada", "le Canada", "Ottawa", "Ottawa"),
    ("Thailand", "la Thaïlande", "Bangkok", "Bangkok"),
]
SECTORS = [  # (English, French)
    ("semiconductor", "les semi-conducteurs"),
    ("cybersecurity", "la cybersécurité"),
    ("digital transformation", "la transformation numérique"),
    ("artificial intelligence", "l'intelligence artificielle"),
    ("telecommunications", "les télécommunications"),
    ("e-commerce", "le commerce électronique"),
]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]

EN = [
    "{city} (VNA) - Vietnam and {p} signed a memorandum of understanding on {s} cooperation "
    "in {city} on {month} {day}, {year}. Dispatch {n}.",
    "{city} (VNA) - {p} and Vietnam signed an agreement on {s} in {city} on {month} {day}, "
    "{year}, the two sides said. Dispatch {n}.",
]
FR = [
    "{city} (VNA) - Le Vietnam et {p} ont signé, le {day} {month} {year} à {city}, un protocole "
    "d'accord sur {s}. Dépêche {n}.",
    "{city} (VNA) - {P} et le Vietnam ont signé, le {day} {month} {year} à {city}, un accord de "
    "coopération dans {s}. Dépêche {n}.",
]


def generate(n, out):
    with open(out, "w", encoding="utf-8") as f:
        for i in range(n):
            en, fr, city_fr, city_en = PARTNERS[i % len(PARTNERS)]
            s_en, s_fr = SECTORS[(i // len(PARTNERS)) % len(SECTORS)]
            year = 2019 + (i // 7) % 6
            month = (i // 3) % 12
            day = 1 + (i * 7) % 28
            if i % 2:
                text = FR[(i // 2) % 2].format(city=city_fr, p=fr, P=fr[0].upper() + fr[1:],
                                               s=s_fr, day=day, month=MONTHS_FR[month],
                                               year=year, n=i)
                lang = "fr"
            else:
                text = EN[(i // 2) % 2].format(city=city_en, p=en, s=s_en, day=day,
                                               month=MONTHS_EN[month], year=year, n=i)
                lang = "en"
            doc = {"doc_id": "gen-%05d" % i, "url": "https://example.org/gen/%d" % i,
                   "lang": lang, "published": "%04d-%02d" % (year, month + 1), "text": text}
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    generate(int(sys.argv[1]), sys.argv[2])
