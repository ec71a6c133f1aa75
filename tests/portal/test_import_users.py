"""``import_users``: good, bad and repeated files, streaming, batches, signals, the command's exit codes."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from lookup.models import NextcloudInstance
from portal.structures.factories import StructureFactory
from portal.users import importing, signals
from portal.users.factories import UserFactory
from portal.users.models import User, build_search_text

pytestmark = pytest.mark.django_db

HEADER = "username,first_name,last_name,email,nclocator,structure\n"


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


def csv_lines(*rows, header=HEADER):
    return [header, *(row + "\n" for row in rows)]


def run(*rows, batch_size=importing.BATCH_SIZE, **kwargs):
    return importing.import_users(csv_lines(*rows), batch_size=batch_size, **kwargs)


def write_csv(tmp_path, *rows, header=HEADER, bom=False):
    path = tmp_path / "users.csv"
    path.write_bytes(("\ufeff" if bom else "").encode() + "".join(csv_lines(*rows, header=header)).encode("utf-8"))
    return path


def command(path, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_users", str(path), "--no-progress", *args, stdout=out, stderr=err)
        code = 0
    except CommandError as error:
        code = error.returncode
        err.write(f"CommandError: {error}\n")
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def sent():
    """The ids sent with ``users_created`` and ``users_structure_changed``, one list per send."""
    calls = {"created": [], "structure_changed": []}

    def on_created(sender, user_ids, **kwargs):
        calls["created"].append(sorted(user_ids))

    def on_structure_changed(sender, user_ids, **kwargs):
        calls["structure_changed"].append(sorted(user_ids))

    signals.users_created.connect(on_created)
    signals.users_structure_changed.connect(on_structure_changed)
    yield calls
    signals.users_created.disconnect(on_created)
    signals.users_structure_changed.disconnect(on_structure_changed)


def ids(*usernames):
    return sorted(User.objects.filter(username__in=usernames).values_list("pk", flat=True))


# --- good files -----------------------------------------------------------------------------------------------


def test_good_file_creates_active_accounts_attached_to_their_structure(tree, sent):
    result = run(
        "helene.dupont-leger,Hélène,Dupont-Léger,helene.dupont-leger@ac-lyon.fr,nuage03.apps.education.fr,0690026D",
        "jean.n'diaye,Jean,N'Diaye,jean.ndiaye@ac-grenoble.fr,,",
    )
    assert (result.created, result.updated, result.unchanged, result.skipped, result.errors) == (2, 0, 0, 0, [])
    helene = User.objects.get(username="helene.dupont-leger")
    assert (helene.first_name, helene.last_name, helene.email) == (
        "Hélène",
        "Dupont-Léger",
        "helene.dupont-leger@ac-lyon.fr",
    )
    assert (helene.nclocator, helene.structure, helene.is_active) == ("nuage03.apps.education.fr", tree.ampere, True)
    assert helene.search_text == build_search_text(helene.username, helene.email, "Hélène", "Dupont-Léger")
    assert "helene dupont-leger" in helene.search_text
    assert not helene.has_usable_password()
    assert (helene.is_superuser, helene.language, helene.group_quota, helene.sub) == (False, "fr", 10, None)
    jean = User.objects.get(username="jean.n'diaye")
    assert (jean.structure, jean.nclocator, jean.is_active) == (None, "", True)
    assert sent == {
        "created": [ids("helene.dupont-leger", "jean.n'diaye")],
        "structure_changed": [ids("helene.dupont-leger")],
    }


def test_the_command_reads_a_file_with_a_bom_and_prints_the_summary(tmp_path, tree):
    path = write_csv(tmp_path, "a.b,Anne,Bé,a.b@ac-lyon.fr,,0690028F", bom=True)
    code, out, err = command(path)
    assert (code, err) == (0, "")
    assert out == "Import terminé : 1 créé(s), 0 mis à jour, 0 inchangé(s), 0 ignoré(s).\n"
    assert User.objects.get(username="a.b").structure == tree.moulin


def test_a_nextcloud_url_is_stored_as_its_host():
    run("a,A,A,a@ac-lyon.fr,HTTPS://Nuage03.apps.education.fr/,", "b,B,B,b@ac-lyon.fr,nc.example.fr:8443,")
    assert dict(User.objects.values_list("username", "nclocator")) == {
        "a": "nuage03.apps.education.fr",
        "b": "nc.example.fr:8443",
    }


def test_a_nextcloud_on_a_sub_path_is_imported_in_every_form():
    run(
        "a,A,A,a@ac-lyon.fr,https://nuage03.example.fr/nextcloud,",
        "b,B,B,b@ac-lyon.fr,https://nuage03.example.fr/nextcloud/,",
        "c,C,C,c@ac-lyon.fr,nuage03.example.fr/nextcloud,",
        "d,D,D,d@ac-lyon.fr,http://nuage04.example.fr:8080/cloud/,",
    )
    assert dict(User.objects.values_list("username", "nclocator")) == {
        "a": "nuage03.example.fr/nextcloud",
        "b": "nuage03.example.fr/nextcloud",
        "c": "nuage03.example.fr/nextcloud",
        "d": "http://nuage04.example.fr:8080/cloud",
    }


def test_surrounding_spaces_are_trimmed():
    run(" a.b , Anne , Bé , a.b@ac-lyon.fr ,,")
    assert User.objects.filter(username="a.b", first_name="Anne", last_name="Bé", email="a.b@ac-lyon.fr").exists()


# --- repeated files and updates -------------------------------------------------------------------------------


ROWS = (
    "jean.dupont,Jean,Dupont,jean.dupont@ac-lyon.fr,nuage01.apps.education.fr,0690026D",
    "marie.curie,Marie,Curie,marie.curie@ac-lyon.fr,,",
)


def user_table_writes(queries):
    return [q["sql"][:6] for q in queries if '"users_user"' in q["sql"] and not q["sql"].startswith("SELECT")]


def test_importing_the_same_file_twice_changes_nothing(tree, sent):
    with CaptureQueriesContext(connection) as queries:
        run(*ROWS)
    assert user_table_writes(queries) in (["INSERT"], ['COPY "'])  # SQLite, PostgreSQL
    before = list(User.objects.order_by("pk").values())
    sent["created"].clear(), sent["structure_changed"].clear()
    with CaptureQueriesContext(connection) as queries:
        result = run(*ROWS)
    assert (result.created, result.updated, result.unchanged, result.skipped) == (0, 0, 2, 0)
    assert user_table_writes(queries) == []
    assert list(User.objects.order_by("pk").values()) == before
    assert sent == {"created": [], "structure_changed": []}


def test_changed_rows_are_updated_and_empty_optional_columns_keep_the_current_values(tree, sent):
    UserFactory(
        username="jean.dupont",
        first_name="Jean",
        last_name="Dupont",
        email="jean.dupont@ac-lyon.fr",
        nclocator="nuage07.apps.education.fr",
        structure=tree.ampere,
    )
    UserFactory(username="marie.curie", first_name="Marie", last_name="Curie", email="marie.curie@ac-lyon.fr")
    result = run(
        "jean.dupont,Jean,Dupond,jean.dupond@ac-lyon.fr,,",  # new name and e-mail; nclocator and structure kept
        "marie.curie,Marie,Curie,marie.curie@ac-lyon.fr,,",  # identical
    )
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    jean = User.objects.get(username="jean.dupont")
    assert (jean.last_name, jean.email, jean.nclocator, jean.structure) == (
        "Dupond",
        "jean.dupond@ac-lyon.fr",
        "nuage07.apps.education.fr",
        tree.ampere,
    )
    assert jean.search_text == build_search_text("jean.dupont", "jean.dupond@ac-lyon.fr", "Jean", "Dupond")
    assert sent == {"created": [], "structure_changed": []}


def test_an_inactive_account_in_the_file_is_activated(tree):
    UserFactory(username="a", first_name="A", last_name="A", email="a@ac-lyon.fr", is_active=False, structure=None)
    result = run("a,A,A,a@ac-lyon.fr,,")
    assert (result.updated, result.unchanged) == (1, 0)
    assert User.objects.get(username="a").is_active


def test_a_structure_change_ends_pending_requests_and_admin_roles_outside_the_new_structure(tree, sent):
    moving = UserFactory(username="moving", first_name="M", last_name="M", email="m@ac-lyon.fr", structure=tree.ampere)
    moving.awaiting_structure = tree.champollion
    moving.save()
    tree.rhone.admins.add(moving)  # covers Collège Jean Moulin: kept
    tree.ampere.admins.add(moving)  # does not cover it: dropped
    staying = UserFactory(
        username="staying", first_name="S", last_name="S", email="s@ac-lyon.fr", structure=tree.moulin
    )
    tree.moulin.admins.add(staying)
    result = run("moving,M,M,m@ac-lyon.fr,,0690028F", "staying,S,S,s@ac-lyon.fr,,0690028F")
    assert (result.updated, result.unchanged) == (1, 1)
    moving.refresh_from_db()
    assert (moving.structure, moving.awaiting_structure) == (tree.moulin, None)
    assert set(moving.administered_structures.all()) == {tree.rhone}
    assert set(staying.administered_structures.all()) == {tree.moulin}
    assert sent == {"created": [], "structure_changed": [[moving.pk]]}


# --- bad rows ---------------------------------------------------------------------------------------------------


def test_bad_rows_are_reported_with_their_line_number_and_skipped(tree):
    long_name = "x" * 151
    lines = [
        HEADER,
        "good.one,Good,One,good.one@ac-lyon.fr,,0690026D\n",  # line 2
        "bad user!,A,B,a@ac-lyon.fr,,\n",  # 3
        "u" * 65 + ",A,B,a@ac-lyon.fr,,\n",  # 4
        "c,C,C,not-an-email,,\n",  # 5
        "d,D,D,d@ac-lyon.fr,,0000000X\n",  # 6
        "good.one,Other,Person,other@ac-lyon.fr,,\n",  # 7
        "e,E,E\n",  # 8
        "f,F\x00,F,f@ac-lyon.fr,,\n",  # 9
        f"g,{long_name},G,g@ac-lyon.fr,,\n",  # 10
        'h,"Multi\n',  # 11: a quoted field over two lines...
        'line",H,h@ac-lyon.fr,,\n',  # 12: ...is a control character in a name
        "i,,I,i@ac-lyon.fr,,\n",  # 13
        "j,J,J,j@ac-lyon.fr,https://bad host/,\n",  # 14
        "k,K\udcff,K,k@ac-lyon.fr,,\n",  # 15: an invalid UTF-8 byte, as ``text_lines`` decodes it
        "\n",  # 16: blank lines are ignored
        "good.two,Good,Two,good.two@ac-lyon.fr,,\n",  # 17
    ]
    result = importing.import_users(lines)
    assert [str(error) for error in result.errors] == [
        "ligne 3 : identifiant invalide : Lettres sans accent, chiffres, espaces et les caractères _ . @ ' - uniquement.",
        "ligne 4 : la colonne « username » est trop longue (65 caractères, 64 au plus)",
        "ligne 5 : adresse e-mail invalide : « not-an-email »",
        "ligne 6 : structure inconnue : aucun code externe « 0000000X »",
        "ligne 7 : identifiant « good.one » déjà présent ligne 2",
        "ligne 8 : 3 colonnes au lieu de 6",
        "ligne 9 : la colonne « first_name » contient un caractère nul (NUL)",
        "ligne 10 : la colonne « first_name » est trop longue (151 caractères, 150 au plus)",
        "ligne 11 : la colonne « first_name » contient un caractère de contrôle",
        "ligne 13 : la colonne « first_name » est vide",
        "ligne 14 : serveur Nextcloud invalide : « https://bad host/ » (par exemple nuage03.apps.education.fr ou "
        "https://nuage03.apps.education.fr/nextcloud)",
        "ligne 15 : la colonne « first_name » n'est pas de l'UTF-8 valide",
    ]
    assert (result.created, result.skipped) == (2, 12)
    assert sorted(User.objects.values_list("username", flat=True)) == ["good.one", "good.two"]
    assert User.objects.get(username="good.one").first_name == "Good"  # the first occurrence wins


def test_invalid_utf8_bytes_in_a_file_are_reported_not_fatal(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(HEADER.encode() + "a,Hélène,A,a@ac-lyon.fr,,\n".encode("latin-1") + b"b,B,B,b@ac-lyon.fr,,\n")
    code, out, err = command(path)
    assert code == 1
    assert err.splitlines() == [
        "ligne 2 : la colonne « first_name » n'est pas de l'UTF-8 valide",
        "CommandError: 1 ligne(s) ignorée(s) : voir les erreurs ci-dessus.",
    ]
    assert out == "Import terminé : 1 créé(s), 0 mis à jour, 0 inchangé(s), 1 ignoré(s).\n"
    assert list(User.objects.values_list("username", flat=True)) == ["b"]


def test_an_unclosed_quote_does_not_swallow_the_rest_of_the_file():
    lines = csv_lines('a,"A,A,a@ac-lyon.fr,,', *[f"filler{n},F,F,f{n}@ac-lyon.fr,," for n in range(200)])
    lines.append('z,"' + "Z" * (importing.CSV_FIELD_SIZE_LIMIT + 10) + '",Z,z@ac-lyon.fr,,\n')
    lines.append("last,L,L,last@ac-lyon.fr,,\n")
    result = importing.import_users(lines)
    assert [error.reason for error in result.errors] == ["champ trop long ou guillemet non fermé"] * 2
    assert User.objects.filter(username="last").exists()


def test_a_duplicate_in_a_later_batch_is_reported_with_the_first_line(tree):
    result = run(
        "a,A,A,a@ac-lyon.fr,,", "b,B,B,b@ac-lyon.fr,,", "c,C,C,c@ac-lyon.fr,,", "a,X,X,x@ac-lyon.fr,,", batch_size=2
    )
    assert [str(error) for error in result.errors] == ["ligne 5 : identifiant « a » déjà présent ligne 2"]
    assert User.objects.get(username="a").first_name == "A"


def test_the_command_lists_every_bad_row_and_exits_1(tmp_path, tree):
    path = write_csv(tmp_path, "ok,O,K,ok@ac-lyon.fr,,", "bad!,B,B,b@ac-lyon.fr,,", "x,X,X,x@,,")
    code, out, err = command(path)
    assert code == 1
    assert err.splitlines() == [
        "ligne 3 : identifiant invalide : Lettres sans accent, chiffres, espaces et les caractères _ . @ ' - uniquement.",
        "ligne 4 : adresse e-mail invalide : « x@ »",
        "CommandError: 2 ligne(s) ignorée(s) : voir les erreurs ci-dessus.",
    ]
    assert out == "Import terminé : 1 créé(s), 0 mis à jour, 0 inchangé(s), 2 ignoré(s).\n"


# --- files refused before anything is written --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "username,first_name,last_name,email\n",
            "En-tête incorrect : « username,first_name,last_name,email » ; "
            "attendu : « username,first_name,last_name,email,nclocator,structure ».",
        ),
        (
            "first_name,username,last_name,email,nclocator,structure\n",
            "En-tête incorrect : « first_name,username,last_name,email,nclocator,structure » ; "
            "attendu : « username,first_name,last_name,email,nclocator,structure ».",
        ),
        (
            "",
            "Le fichier est vide : l'en-tête « username,first_name,last_name,email,nclocator,structure » est attendu.",
        ),
    ],
)
def test_a_wrong_header_stops_before_importing_anything(tmp_path, header, message):
    path = write_csv(tmp_path, "a,A,A,a@ac-lyon.fr,,", header=header) if header else tmp_path / "empty.csv"
    if not header:
        path.write_bytes(b"")
    code, out, err = command(path)
    assert (code, out, err) == (2, "", f"CommandError: {message}\n")
    assert not User.objects.exists()


def test_a_missing_file_is_a_clear_error(tmp_path):
    code, out, err = command(tmp_path / "nope.csv")
    assert (code, out, err) == (2, "", f"CommandError: Fichier introuvable : {tmp_path / 'nope.csv'}\n")


def test_a_batch_size_below_one_is_refused(tmp_path):
    code, _out, err = command(write_csv(tmp_path, "a,A,A,a@ac-lyon.fr,,"), "--batch-size", "0")
    assert (code, err) == (2, "CommandError: --batch-size doit être un entier positif.\n")


def test_the_process_exits_2_with_one_line_on_a_wrong_header(tmp_path):
    """The real process: exit status 2 and a single line on stderr (no traceback)."""
    path = write_csv(tmp_path, "a,A,A,a@ac-lyon.fr,,", header="login,name\n")
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "DATABASE_URL": "sqlite:///:memory:"}
    process = subprocess.run(
        [sys.executable, "manage.py", "import_users", str(path)],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert process.returncode == 2
    assert process.stderr.splitlines() == [
        "CommandError: En-tête incorrect : « login,name » ; "
        "attendu : « username,first_name,last_name,email,nclocator,structure »."
    ]


# --- batches, streaming, signals ---------------------------------------------------------------------------------


def test_a_failed_batch_is_rolled_back_entirely_and_earlier_batches_are_kept(tree):
    def fail_on_second_batch(sender, user_ids, **kwargs):
        if User.objects.filter(username="c").exists():
            raise RuntimeError("receiver failed")

    signals.users_created.connect(fail_on_second_batch)
    try:
        with pytest.raises(importing.BatchError) as caught:
            run(
                "a,A,A,a@ac-lyon.fr,,",
                "b,B,B,b@ac-lyon.fr,,",
                "c,C,C,c@ac-lyon.fr,,0690026D",
                "d,D,D,d@ac-lyon.fr,,",
                "e,E,E,e@ac-lyon.fr,,",
                batch_size=2,
                deferred_receivers=False,
            )
    finally:
        signals.users_created.disconnect(fail_on_second_batch)
    assert str(caught.value) == "Lignes 4 à 5 non importées (lot annulé) : receiver failed"
    assert (caught.value.result.created, caught.value.result.skipped) == (2, 0)
    assert sorted(User.objects.values_list("username", flat=True)) == ["a", "b"]


def test_the_command_reports_a_failed_batch_and_exits_1(tmp_path, tree):
    def fail(sender, user_ids, **kwargs):
        raise RuntimeError("receiver failed")

    signals.users_created.connect(fail)
    try:
        code, out, err = command(write_csv(tmp_path, "a,A,A,a@ac-lyon.fr,,"))
    finally:
        signals.users_created.disconnect(fail)
    assert code == 1
    assert out == "Import terminé : 1 créé(s), 0 mis à jour, 0 inchangé(s), 0 ignoré(s).\n"
    assert err == (
        "CommandError: Comptes enregistrés, mais leur mise à jour par les applications (groupes des structures, "
        "serveurs Nextcloud…) a échoué : receiver failed\n"
    )
    assert User.objects.filter(username="a").exists()


def test_the_parser_reads_lines_only_as_rows_are_consumed():
    consumed = []

    def endless():
        yield HEADER
        number = 0
        while True:
            number += 1
            consumed.append(number)
            yield f"user{number},U,U,u{number}@ac-lyon.fr,,\n"

    rows = importing.parse_rows(endless())
    first_three = [next(rows) for _ in range(3)]
    assert [row.username for row in first_three] == ["user1", "user2", "user3"]
    assert consumed == [1, 2, 3]


def test_batches_are_written_while_the_file_is_still_being_read(tree):
    """Each batch is committed before the next lines are read: memory holds one batch, not the file."""
    read = []
    read_when_committed = []

    def lines():
        yield HEADER
        for number in range(1, 8):
            read.append(number)
            yield f"user{number},U,U,u{number}@ac-lyon.fr,,\n"

    def on_created(sender, user_ids, **kwargs):
        read_when_committed.append((len(user_ids), len(read)))

    signals.users_created.connect(on_created)
    try:
        result = importing.import_users(lines(), batch_size=3, deferred_receivers=False)
    finally:
        signals.users_created.disconnect(on_created)
    assert result.created == 7
    assert read_when_committed == [(3, 3), (3, 6), (1, 7)]


def test_per_batch_signals_carry_the_ids_of_each_batch(tree, sent):
    existing = UserFactory(username="old", first_name="O", last_name="O", email="o@ac-lyon.fr", structure=tree.ampere)
    run(
        "new1,N,N,n1@ac-lyon.fr,,0690026D",
        "old,O,O,o@ac-lyon.fr,,0380027Y",  # moves to Lycée Champollion
        "new2,N,N,n2@ac-lyon.fr,,",
        "new3,N,N,n3@ac-lyon.fr,,0690028F",
        batch_size=2,
        deferred_receivers=False,
    )
    assert sent == {
        "created": [ids("new1"), ids("new2", "new3")],
        "structure_changed": [sorted([*ids("new1"), existing.pk]), ids("new3")],
    }


def test_the_number_of_queries_does_not_depend_on_the_number_of_rows(tree):
    def queries_for(count, prefix):
        rows = [f"{prefix}{n},P,P,{prefix}{n}@ac-lyon.fr,,0690026D" for n in range(count)]
        with CaptureQueriesContext(connection) as queries:
            run(*rows)
        return len(queries)

    assert queries_for(3, "few") == queries_for(60, "many")


def test_progress_is_reported_after_each_batch():
    calls = []
    run(
        "a,A,A,a@ac-lyon.fr,,",
        "b,B,B,b@ac-lyon.fr,,",
        "c,C,C,c@ac-lyon.fr,,",
        batch_size=2,
        on_progress=lambda: calls.append(1),
    )
    assert len(calls) == 2  # two batches


def test_structures_are_resolved_once_per_code(tree):
    StructureFactory(name="Extra", parent=tree.rhone, external_code="0690099Z")
    rows = [f"u{n},U,U,u{n}@ac-lyon.fr,,{'0690099Z' if n % 2 else '0690026D'}" for n in range(6)]
    with CaptureQueriesContext(connection) as queries:
        run(*rows, batch_size=2)
    structure_queries = [q for q in queries if '"external_code" IN' in q["sql"]]
    assert len(structure_queries) == 1


# --- the receivers' pass after the rows are in ---------------------------------------------------------------


def test_by_default_the_signals_are_sent_after_every_row_is_in(tree, sent, monkeypatch):
    monkeypatch.setattr(importing, "RECEIVER_CHUNK_SIZE", 2)
    existing = UserFactory(username="old", first_name="O", last_name="O", email="o@ac-lyon.fr", structure=tree.ampere)
    read_when_sent = []
    read = []

    def lines():
        yield HEADER
        for row in (
            "new1,N,N,n1@ac-lyon.fr,,0690026D",
            "old,O,O,o@ac-lyon.fr,,0380027Y",  # moves to Lycée Champollion
            "new2,N,N,n2@ac-lyon.fr,,",
            "new3,N,N,n3@ac-lyon.fr,,0690028F",
        ):
            read.append(row)
            yield row + "\n"

    def on_created(sender, user_ids, **kwargs):
        read_when_sent.append(len(read))

    signals.users_created.connect(on_created)
    try:
        importing.import_users(lines(), batch_size=2)
    finally:
        signals.users_created.disconnect(on_created)
    assert read_when_sent == [4, 4]  # nothing before the whole file was read
    # by id ranges of RECEIVER_CHUNK_SIZE people: the existing account comes first
    assert sent == {
        "created": [ids("new1"), ids("new2", "new3")],
        "structure_changed": [sorted([existing.pk, *ids("new1")]), ids("new3")],
    }


def test_the_batches_written_before_a_refused_one_get_their_receivers(tree, sent, monkeypatch):
    original = importing._update_users

    def refusing(rows):
        if rows:
            raise IntegrityError("refused")
        return original(rows)

    UserFactory(username="b", first_name="B", last_name="B", email="b@ac-lyon.fr")
    monkeypatch.setattr(importing, "_update_users", refusing)
    with pytest.raises(importing.BatchError):
        run("a,A,A,a@ac-lyon.fr,,0690026D", "b,B,B,b-new@ac-lyon.fr,,", batch_size=1)
    assert sent == {"created": [ids("a")], "structure_changed": [ids("a")]}


def _final_state():
    """Everything the receivers write for the imported people, without ids."""
    from groups.models import Membership

    return {
        "memberships": sorted(
            Membership.objects.filter(user__username__startswith="p").values_list(
                "user__username", "group__name", "role"
            )
        ),
        "nextcloud": sorted(User.objects.filter(username__startswith="p").values_list("username", "nclocator")),
        "instance counts": sorted(NextcloudInstance.objects.values_list("host", "user_count")),
    }


def test_the_pass_after_the_rows_leaves_the_state_of_the_per_batch_signals(tree):
    """The same files imported with the signals in each batch and after the rows are in: the same final state."""
    from lookup.factories import NextcloudInstanceFactory

    NextcloudInstanceFactory(url="https://nc1.example.fr")
    NextcloudInstanceFactory(url="https://nc2.example.fr")
    schools = ["0690026D", "0690028F", "0380027Y", ""]
    first = [f"p{n},P{n},Nom{n},p{n}@ac-lyon.fr,,{schools[n % 4]}" for n in range(23)]
    second = [f"p{n},P{n},Nom{n},p{n}@ac-lyon.fr,,{schools[(n + 1) % 4]}" for n in range(0, 30, 2)]
    states = []
    for deferred in (False, True):
        run(*first, batch_size=5, deferred_receivers=deferred)
        run(*second, batch_size=4, deferred_receivers=deferred)
        states.append(_final_state())
        for person in User.objects.filter(username__startswith="p"):
            person.delete()  # the receivers free the Nextcloud slots and the memberships go with the accounts
    per_batch, deferred = states
    assert len(per_batch["memberships"]) > 50
    assert deferred == per_batch
