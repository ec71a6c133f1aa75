"""Helpers the benchmark scripts share: realistic French people, CSV in the import format, timing, machine facts,
a throw-away PostgreSQL database.

Run the scripts from the repository root with the project's interpreter: ``.venv/bin/python benchmarks/<name>.py``.
"""

import contextlib
import csv
import os
import platform
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from portal.core.text import fold  # noqa: E402 - needs ROOT on sys.path

# Frequent surnames come first and repeat a lot (the draw below is Zipf-like), as in a real staff directory.
SURNAMES = [
    "Martin",
    "Bernard",
    "Thomas",
    "Petit",
    "Robert",
    "Richard",
    "Durand",
    "Dubois",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Lefèvre",
    "Leroy",
    "Roux",
    "David",
    "Bertrand",
    "Morel",
    "Fournier",
    "Girard",
    "Bonnet",
    "Dupont",
    "Lambert",
    "Fontaine",
    "Rousseau",
    "Vincent",
    "Muller",
    "Lefebvre",
    "Faure",
    "André",
    "Mercier",
    "Blanc",
    "Guérin",
    "Boyer",
    "Garnier",
    "Chevalier",
    "François",
    "Legrand",
    "Gauthier",
    "Garcia",
    "Perrin",
    "Robin",
    "Clément",
    "Morin",
    "Nicolas",
    "Henry",
    "Roussel",
    "Mathieu",
    "Gautier",
    "Masson",
    "Marchand",
    "Duval",
    "Denis",
    "Dumont",
    "Marie",
    "Lemaire",
    "Noël",
    "Meyer",
    "Dufour",
    "Meunier",
    "Brun",
    "Blanchard",
    "Giraud",
    "Joly",
    "Rivière",
    "Lucas",
    "Brunet",
    "Gaillard",
    "Barbier",
    "Arnaud",
    "Martinez",
    "Gérard",
    "Roche",
    "Renard",
    "Schmitt",
    "Roy",
    "Leroux",
    "Colin",
    "Vidal",
    "Caron",
    "Picard",
    "Roger",
    "Fabre",
    "Aubert",
    "Lemoine",
    "Renaud",
    "Dumas",
    "Lacroix",
    "Olivier",
    "Philippe",
    "Bourgeois",
    "Pierre",
    "Benoît",
    "Rey",
    "Leclerc",
    "Payet",
    "Rolland",
    "Leclercq",
    "Guillaume",
    "Lecomte",
    "Le Goff",
    "Le Gall",
    "Le Roux",
    "N'Diaye",
    "D'Angelo",
    "De La Fontaine",
    "Saint-Martin",
    "Lévêque",
    "Hoarau",
    "Grondin",
    "Nguyen",
    "Diallo",
    "Traoré",
    "Benali",
    "Cohen",
    "Da Silva",
    "Dos Santos",
    "Ferreira",
    "Kowalski",
    "Müller",
    "Béranger",
    "Château",
    "Désiré",
    "Cœur",
    "L'Hermitte",
    "Dupont-Aignan",
    "Le Bihan",
]
FIRST_NAMES = [
    "Marie",
    "Jean",
    "Pierre",
    "Michel",
    "Nathalie",
    "Isabelle",
    "Sylvie",
    "Catherine",
    "Philippe",
    "Alain",
    "Françoise",
    "Christine",
    "Sandrine",
    "Stéphane",
    "Céline",
    "Laurent",
    "Valérie",
    "Frédéric",
    "Sébastien",
    "Julie",
    "Aurélie",
    "Émilie",
    "Hélène",
    "Jérôme",
    "Nicolas",
    "Thomas",
    "Camille",
    "Léa",
    "Chloé",
    "Inès",
    "Zoé",
    "Maëlle",
    "Noémie",
    "Anaïs",
    "Gaëlle",
    "Joël",
    "Loïc",
    "Benoît",
    "François",
    "Raphaël",
    "Anne",
    "Jean-Pierre",
    "Jean-Luc",
    "Marie-Hélène",
    "Marie-Claire",
    "Anne-Sophie",
    "Pierre-Yves",
    "Jean-Baptiste",
    "Hugo",
    "Lucas",
    "Manon",
    "Sarah",
    "Mohamed",
    "Fatima",
    "Yasmine",
    "Karim",
    "Océane",
    "Mégane",
    "Cédric",
    "Aïcha",
    "Bérénice",
    "Agnès",
    "Ségolène",
    "Clémence",
    "Hervé",
    "Gérard",
    "Régis",
    "Thérèse",
    "Élodie",
]
ACADEMIES = [
    "Aix-Marseille", "Amiens", "Besançon", "Bordeaux", "Clermont-Ferrand", "Corse", "Créteil", "Dijon",
    "Grenoble", "Guadeloupe", "Guyane", "La Réunion", "Lille", "Limoges", "Lyon", "Martinique", "Mayotte",
    "Montpellier", "Nancy-Metz", "Nantes", "Nice", "Normandie", "Orléans-Tours", "Paris", "Poitiers", "Reims",
    "Rennes", "Strasbourg", "Toulouse", "Versailles",
]  # fmt: skip
IMPORT_HEADER = ["username", "first_name", "last_name", "email", "nclocator", "structure"]


def zipf_choice(rng: random.Random, items, exponent=1.1):
    """Pick from ``items``, the first ones far more often (rank ``r`` weighs ``1 / r**exponent``)."""
    weights = getattr(zipf_choice, "_weights", {}).get((len(items), exponent))
    if weights is None:
        weights = list(_cumulative([1 / (rank**exponent) for rank in range(1, len(items) + 1)]))
        zipf_choice.__dict__.setdefault("_weights", {})[(len(items), exponent)] = weights
    return rng.choices(items, cum_weights=weights)[0]


def _cumulative(values):
    total = 0.0
    for value in values:
        total += value
        yield total


def academy_domain(academy: str) -> str:
    return "ac-" + fold(academy).replace(" ", "-").replace("'", "") + ".fr"


def uai_code(number: int) -> str:
    """A UAI-like code (seven digits and a letter), unique per ``number``."""
    return f"{number:07d}{'ABCDEFGHJKLMNPRSTUVWXYZ'[number % 23]}"


def french_people(count: int, structure_codes, seed=42, nclocator_ratio=0.3, no_structure_ratio=0.05):
    """Yield ``count`` import rows (dicts) of French staff with unique, Nextcloud-valid usernames."""
    rng = random.Random(seed)
    taken: dict[str, int] = {}
    for _index in range(count):
        first, last = zipf_choice(rng, FIRST_NAMES, 0.8), zipf_choice(rng, SURNAMES)
        base = f"{fold(first)}.{fold(last)}".replace(" ", "-")
        number = taken.get(base, 0) + 1
        taken[base] = number
        username = base if number == 1 else f"{base}{number}"
        academy = ACADEMIES[rng.randrange(len(ACADEMIES))]
        yield {
            "username": username,
            "first_name": first,
            "last_name": last,
            "email": f"{username.replace(' ', '-').replace(chr(39), '')}@{academy_domain(academy)}",
            "nclocator": f"nuage{rng.randrange(1, 25):02d}.apps.education.fr" if rng.random() < nclocator_ratio else "",
            "structure": ""
            if rng.random() < no_structure_ratio
            else structure_codes[rng.randrange(len(structure_codes))],
        }


def spoil(rows, ratio, seed=7):
    """Make about ``ratio`` of the rows bad in the ways real files are (bad e-mail, unknown code, bad username)."""
    rng = random.Random(seed)
    for row in rows:
        if rng.random() < ratio:
            kind = rng.randrange(3)
            row = dict(row)
            if kind == 0:
                row["email"] = row["email"].replace("@", " at ")
            elif kind == 1:
                row["structure"] = "9999999Z"
            else:
                row["username"] = row["username"] + "/é"
        yield row


def write_import_csv(path, rows, bom=True) -> int:
    """Write ``rows`` in the import format; return the number of data rows."""
    count = 0
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=IMPORT_HEADER)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


@dataclass
class Timer:
    seconds: float = 0.0

    @contextlib.contextmanager
    def measure(self):
        start = time.perf_counter()
        try:
            yield self
        finally:
            self.seconds = time.perf_counter() - start


@dataclass
class ProcessRun:
    returncode: int
    seconds: float
    peak_rss_mib: float
    stdout: str
    stderr: str


def run_process(args, env=None) -> ProcessRun:
    """Run a command; return its exit code, wall time and peak resident memory (its own, from ``wait4``)."""
    start = time.perf_counter()
    with _tempfile() as out, _tempfile() as err:
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        out.seek(0), err.seek(0)
        return ProcessRun(process.returncode, seconds, usage.ru_maxrss / 1024, out.read(), err.read())


def _tempfile():
    import tempfile

    return tempfile.TemporaryFile(mode="w+", encoding="utf-8")


def machine_facts(database_url=None) -> list[str]:
    """CPU model, cores, RAM, OS, Python, and the PostgreSQL server version when a URL is given."""
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "?"
    with contextlib.suppress(OSError, ValueError, IndexError):
        kib = int(Path("/proc/meminfo").read_text().splitlines()[0].split()[1])
        ram = f"{kib / 1024 / 1024:.1f} GiB"
    facts = [
        f"CPU: {cpu}, {os.cpu_count()} cores; RAM: {ram}",
        f"OS: {platform.platform()}; Python {platform.python_version()}",
    ]
    if database_url:
        facts.append(f"PostgreSQL: {postgres_version(database_url)}")
    with contextlib.suppress(OSError):
        facts.append(f"Load average at start: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")
    return facts


def start(title) -> str:
    """Print the benchmark's title and the machine facts; return ``DATABASE_URL`` (PostgreSQL, or exit)."""
    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("This benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
    print(f"== {title}")
    for fact in machine_facts(database_url):
        print("  " + fact)
    return database_url


def postgres_version(database_url) -> str:
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


def with_database(database_url: str, name: str) -> str:
    """``database_url`` pointing at the database ``name`` instead."""
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextlib.contextmanager
def scratch_postgres_database(database_url: str, name: str, keep=False):
    """Create the database ``name`` on the server of ``database_url`` (dropped first if left over), yield its URL."""
    import psycopg
    from psycopg import sql

    admin_url = with_database(database_url, "postgres")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield with_database(database_url, name)
    finally:
        if not keep:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def django_env(database_url: str, **extra) -> dict[str, str]:
    """The environment of a ``manage.py`` subprocess on ``database_url`` (DEBUG off, as in production)."""
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_ENV", "REDIS_URL"}}
    env.update(DATABASE_URL=database_url, DEBUG="false", **extra)
    return env


def manage(*args, database_url: str, check=True) -> ProcessRun:
    run = run_process([PYTHON, "manage.py", *args], env=django_env(database_url))
    if check and run.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed ({run.returncode}):\n{run.stderr[-3000:]}")
    return run
