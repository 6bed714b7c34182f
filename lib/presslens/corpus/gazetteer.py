"""The gazetteer: canonical entities with aliases, type, camp and affiliation, read from ``gazetteer.yml``."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path


from .directory import sha256
from ..errors import CorpusError, Problem
from ..fileio import read_yaml

TYPES = ("PER", "ORG", "LOC", "MISC")
GENDERS = ("F", "M")
_ID = re.compile(r"^[a-z0-9_]+$")
# Civilities and titles that do not change who is meant ("M. Poutine" is Poutine).
# « Mgr », « Me », « Pr », « Dr »: the titles of a bishop, a lawyer, a professor, a doctor, written before a name.
_CIVILITY = re.compile(r"^(?:m\.|mm\.|mme|mmes|mlle|monsieur|madame|mr\.?|mrs\.?|ms\.?|mgr|me|pr\.?|dr\.?)\s+", re.I)
_DETERMINER = re.compile(r"^(?:l'|le |la |les |des |du |un |une )", re.I)


def is_civility(word: str) -> bool:
    """Whether ``word`` is a civility or title such as "M." or "Mme" (it names no one by itself)."""
    return bool(_CIVILITY.match(word + " "))


def normalise_name(text: str) -> str:
    """The key under which a surface form is looked up: case-folded, apostrophes and spaces normalised,
    civilities and a leading article dropped ("M. Poutine" and "poutine" share a key)."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("\u00a0", " ")
    text = " ".join(text.split())
    text = _CIVILITY.sub("", text)
    text = _DETERMINER.sub("", text)
    return text.casefold().strip(" .,;:")


def surface_form(text: str) -> str:
    """A readable form for a name the gazetteer does not know: spaces and apostrophes normalised,
    civility and leading article dropped, first letter capitalised ("l'agence Yonhap" → "Agence Yonhap")."""
    text = " ".join(unicodedata.normalize("NFC", text).replace("’", "'").split())
    text = _DETERMINER.sub("", _CIVILITY.sub("", text)).strip(" .,;:")
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Entity:
    """One canonical entity."""

    id: str
    canonical: str
    type: str
    aliases: tuple[str, ...]
    camp: str
    country: str = ""
    role: str = ""
    stands_for: str = ""
    descriptions: tuple[str, ...] = ()
    short_forms: tuple[str, ...] = ()
    gender: str = ""   # F or M for a person: pronouns (« elle », « ce dernier ») must agree with it


@dataclass
class Gazetteer:
    """Entities by id, an alias index, the camps, the file's digest (for cache keys), and ``not_entities``:
    normalised strings that a statistical NER tags as names but never are (editorial markers such as NDLR)."""

    entities: dict[str, Entity]
    camps: dict[str, str]
    digest: str
    index: dict[str, str] = field(default_factory=dict)
    not_entities: frozenset[str] = frozenset()
    demonyms: dict[str, str] = field(default_factory=dict)
    _descriptions: list[tuple[str, str]] = field(default_factory=list)
    short_forms: dict[str, str] = field(default_factory=dict)

    def short_form(self, surface: str) -> Entity | None:
        """The entity a short form (``short_forms`` in the file: « Corée », « le Nord ») may stand for in an
        article that names that entity otherwise, or ``None``."""
        eid = self.short_forms.get(normalise_name(surface))
        return self.entities.get(eid) if eid else None

    def describe(self, text: str) -> Entity | None:
        """The entity a role description in ``text`` stands for (« le chef de l'État russe » → the
        entity listing « chef de l'État russe » under ``descriptions``), longest description first."""
        key = f" {normalise_name(text)} "
        for description, eid in self._descriptions:
            if f" {description} " in key:
                return self.entities[eid]
        return None

    def camp_of_words(self, words) -> str:
        """The camp of the first demonym among ``words`` (« sud-coréen » → south_korea), or ``unknown``."""
        for word in words:
            camp = self.demonyms.get(word.lower())
            if camp:
                return camp
        return "unknown"

    def lookup(self, surface: str) -> Entity | None:
        """The entity a surface form denotes, or ``None``."""
        eid = self.index.get(normalise_name(surface))
        return self.entities.get(eid) if eid else None

    def ruler_patterns(self) -> list[dict]:
        """Phrase patterns for spaCy's entity ruler: every alias, labelled with the type, id = entity id."""
        return [{"label": e.type, "pattern": alias, "id": e.id}
                for e in self.entities.values() for alias in e.aliases]


def _role_descriptions(entities: dict[str, Entity]) -> dict[str, str]:
    """Each person's ``role`` as descriptions that stand for them (« porte-parole du Kremlin » → Dmitri
    Peskov): the role's comma-separated parts without their brackets, of two words or more, kept only
    when no other person holds the same one (two defence ministers in turn share a role)."""
    holders: dict[str, set[str]] = {}
    for e in entities.values():
        if e.type != "PER":
            continue
        for part in re.sub(r"\([^)]*\)|«[^»]*»", "", e.role).split(","):
            key = normalise_name(part)
            if len(key.split()) >= 2:
                holders.setdefault(key, set()).add(e.id)
    return {key: next(iter(ids)) for key, ids in holders.items() if len(ids) == 1}


def load_gazetteer(path: Path) -> Gazetteer:
    """Read and check ``gazetteer.yml``; raise :class:`CorpusError` listing every problem."""
    name = path.name
    data_bytes, data = read_yaml(path, "the canonical entities")
    data = data if isinstance(data, dict) else {}
    problems: list[Problem] = []
    camps = data.get("camps") or {}
    if not isinstance(camps, dict) or not camps:
        problems.append(Problem(name, "needs a mapping of camp ids to labels", field="camps"))
        camps = {}
    entities: dict[str, Entity] = {}
    index: dict[str, str] = {}
    for n, spec in enumerate(data.get("entities") or [], start=1):
        where = f"entities[{n}]"
        if not isinstance(spec, dict):
            problems.append(Problem(name, "is not a mapping", field=where))
            continue
        eid = str(spec.get("id", ""))
        where = f"entities[{n}] ({eid or 'no id'})"
        if not _ID.match(eid):
            problems.append(Problem(name, f"id '{eid}' must be lower-case ascii letters, digits, '_'", field=where))
        elif eid in entities:
            problems.append(Problem(name, f"duplicate id '{eid}'", field=where))
        if spec.get("type") not in TYPES:
            problems.append(Problem(name, f"type '{spec.get('type')}' is not one of {', '.join(TYPES)}", field=where))
        if camps and spec.get("camp") not in camps:
            problems.append(Problem(name, f"camp '{spec.get('camp')}' is not declared under camps", field=where))
        gender = str(spec.get("gender") or "")
        if gender and (gender not in GENDERS or spec.get("type") != "PER"):
            problems.append(Problem(name, f"gender '{gender}' must be F or M, and only a person (PER) has one",
                                    field=where))
        canonical = str(spec.get("canonical", "")).strip()
        aliases = [str(a) for a in (spec.get("aliases") or [])]
        if not canonical:
            problems.append(Problem(name, "canonical name is missing", field=where))
        for alias in [canonical, *aliases]:
            key = normalise_name(alias)
            if key in index and index[key] != eid:
                problems.append(Problem(name, f"alias '{alias}' also belongs to '{index[key]}'", field=where))
            index.setdefault(key, eid)
        entities[eid] = Entity(eid, canonical, str(spec.get("type")), tuple(dict.fromkeys([canonical, *aliases])),
                               str(spec.get("camp", "")), str(spec.get("country") or ""),
                               str(spec.get("role") or ""), str(spec.get("stands_for") or ""),
                               tuple(str(d) for d in spec.get("descriptions") or ()),
                               tuple(str(f) for f in spec.get("short_forms") or ()), gender)
    not_entities = frozenset(normalise_name(str(w)) for w in (data.get("not_entities") or []))
    for word in sorted(not_entities & set(index)):
        problems.append(Problem(name, f"'{word}' is both an alias and listed under not_entities", field="not_entities"))
    for e in entities.values():
        if e.stands_for and e.stands_for not in entities:
            problems.append(Problem(name, f"stands_for '{e.stands_for}' is not an entity id", field=e.id))
    descriptions: dict[str, str] = {}
    for e in entities.values():
        for d in e.descriptions:
            key = normalise_name(d)
            if key in descriptions and descriptions[key] != e.id:
                problems.append(Problem(name, f"description '{d}' also belongs to '{descriptions[key]}'", field=e.id))
            descriptions.setdefault(key, e.id)
    for key, eid in _role_descriptions(entities).items():
        descriptions.setdefault(key, eid)
    short_forms: dict[str, str] = {}
    for e in entities.values():
        for form in e.short_forms:
            key = normalise_name(form)
            if key in index or short_forms.get(key, e.id) != e.id:
                problems.append(Problem(name, f"short form '{form}' is also an alias or another entity's short "
                                              f"form", field=e.id))
            short_forms.setdefault(key, e.id)
    demonyms: dict[str, str] = {}
    for camp, words in (data.get("demonyms") or {}).items():
        if camps and camp not in camps:
            problems.append(Problem(name, f"camp '{camp}' is not declared under camps", field="demonyms"))
        for word in words or []:
            demonyms[str(word).lower()] = str(camp)
    if problems:
        raise CorpusError(problems, heading="The gazetteer has problems")
    return Gazetteer(entities, {str(k): str(v) for k, v in camps.items()}, sha256(data_bytes), index, not_entities,
                     demonyms, sorted(descriptions.items(), key=lambda kv: (-len(kv[0]), kv[0])), short_forms)
