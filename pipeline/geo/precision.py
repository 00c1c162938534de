"""UCDP geo-precision codes (1 exact place ... 7 sea or airspace) and feature-kind priors."""
from __future__ import annotations

COUNTRY_CODES = {"PCLI", "PCL", "PCLD", "PCLF", "PCLS", "PCLIX", "TERR", "PCLH"}
SEA_CODES = {"SEA", "OCN", "GULF", "STRT", "BAY", "CHN", "SD", "COVE"}


def precision_of(fclass: str, fcode: str) -> int:
    """UCDP precision of a feature: 1 place, 3 admin2, 4 admin1, 5 region/line, 6 country, 7 sea."""
    if fcode in COUNTRY_CODES or fcode == "CONT":
        return 6
    if fclass == "H" and fcode in SEA_CODES:
        return 7
    if fcode.startswith("ADM1"):
        return 4
    if fcode.startswith("ADM") or fcode == "ADMD":
        return 3
    if fclass in ("H", "T", "L") or fcode in ("RGN", "AREA", "ZN"):
        return 5
    return 1


WORLD_CODES = {"CONT", "OCN", "SEA", "GULF", "RGN", "PEN"}  # with no country: world features


def is_world_feature(fclass: str, fcode: str, country: str) -> bool:
    """Continents, oceans, seas and regions across borders ("Pacific", "Middle East", "Balkans"):
    world news names them bare, and a small town of the same name is then rarely meant."""
    return fcode in WORLD_CODES and not country


def kind_prior(fclass: str, fcode: str) -> float:
    """How readily a bare mention of a name means this kind of feature (before population)."""
    if fcode in COUNTRY_CODES:
        return 1.4  # a country's name almost always means the country, not a namesake town
    if fcode == "CONT":
        return 0.9
    if fcode in ("OCN", "SEA"):
        return 0.9
    if fcode.startswith("ADM1"):
        return 0.72
    if fcode == "PPLC":
        return 0.7
    if fcode.startswith("PPLA"):
        return 0.45
    if fcode.startswith("ADM"):
        return 0.4
    if fcode in ("PPLX", "PPLL", "PPLQ", "PPLH"):
        return 0.15
    if fclass == "P":
        return 0.3
    return 0.5  # curated or named features: airports, valleys, fields, rivers
