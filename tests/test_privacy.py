"""Issue 22: names of honoured people under Thailand's PDPA. Private unless agreed; the latest
decision reaches every stored version; erasure leaves nothing to read; private means
unidentifiable to viewers; reads follow an editor's scope. Each test failed on the code before."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from builders import to_bytes
from recognition_books import HONOUREE_HEAD, event, honouree, recognition_book

from moral_metrics import load_tracker
from moral_metrics.access.roles import Actor
from moral_metrics.figures.privacy import EVERY_PROVINCE, NO_PROVINCE, for_audience
from moral_metrics.reference.messages import Refusal
from moral_metrics.service import Service

CENTRAL = Actor.central("ส่วนกลาง")
SURAT_CLERK = Actor.provincial("surat-clerk", {"TH-84"})
SECRET = "นางสาวลับเฉพาะ ไม่ประสงค์ออกนาม"


def honourees_of(book) -> tuple:
    result = load_tracker(to_bytes(book))
    assert result.ok, [(m.code, m.params) for m in result.errors]
    return result.tracker.dataset("honourees"), result.warnings


@pytest.mark.parametrize(
    ("said", "public"),
    [
        ("เผยแพร่", True), ("ใช่", True), ("ยินยอม", True), ("yes", True), ("✓", True),
        ("ไม่", False), ("ไม่ยินยอม", False), ("ไม่อนุญาต", False), ("ห้ามเผยแพร่", False),
        ("ปกปิด", False), ("ไม่เปิดเผย", False), ("ไม่เผยแพร่", False), ("no", False),
        (None, False), ("-", False), ("ไม่ระบุ", False), ("n/a", False), ("บางที", False),
    ],
)  # fmt: skip
def test_only_an_explicit_yes_makes_a_persons_name_public(said, public: bool) -> None:
    """Found 1: a blank, "-", ไม่ระบุ or n/a meant public; ไม่ and the refusal words were unreadable."""
    people, warnings = honourees_of(recognition_book([honouree("นายดี มีสุข", public=said)]))
    assert people["public"].tolist() == [public]
    unclear = [m for m in warnings if m.code == "names_not_public"]
    if public or said in ("ไม่", "ไม่ยินยอม", "ไม่อนุญาต", "ห้ามเผยแพร่", "ปกปิด", "ไม่เปิดเผย", "ไม่เผยแพร่", "no"):
        assert unclear == []
    else:
        assert [(m.params["count"], m.sheet) for m in unclear] == [(1, "ทำเนียบคนดี")]


def test_one_warning_per_sheet_counts_the_people_and_why() -> None:
    rows = [honouree(f"คนที่ {n}", public=v) for n, v in enumerate([None, None, "บางที", "ใช่", "ไม่"])]
    _, warnings = honourees_of(recognition_book(rows))
    [warning] = [m for m in warnings if m.code == "names_not_public"]
    assert (warning.params["count"], warning.params["blank"], warning.params["unknown"]) == (3, 2, 1)
    assert warning.params["words"] == ["บางที"] and warning.cell == "I2"


def test_a_missing_public_column_hides_every_person_but_not_organisations() -> None:
    book = recognition_book([honouree("นายดี มีสุข"), honouree("โรงเรียนบ้านดอน", kind="องค์กร")])
    book["ทำเนียบคนดี"].delete_cols(9)  # the public column
    people, warnings = honourees_of(book)
    assert people[["kind", "public"]].values.tolist() == [["person", False], ["organisation", True]]
    [warning] = [m for m in warnings if m.code == "names_not_public"]
    assert warning.detail == "no_column" and warning.params["count"] == 1


@pytest.mark.parametrize(("role", "limit"), [("name", 200), ("citation", 2000)])
def test_names_and_citations_have_realistic_lengths(role: str, limit: int) -> None:
    """Found 6: 24 citations of 1,000,000 characters made every viewer download 23 MB."""
    cells = {"citation": "ก" * (limit + 1)} if role == "citation" else {}
    name = "ข" * (limit + 1) if role == "name" else "นายดี มีสุข"
    result = load_tracker(to_bytes(recognition_book([honouree(name, **cells)])))
    [error] = [m for m in result.errors if m.code == "text_too_long"]
    column = HONOUREE_HEAD["th"].index({"name": "ชื่อ", "citation": "ผลงาน/เหตุผล"}[role])
    assert (error.params["role"], error.params["limit"], error.params["length"]) == (role, limit, limit + 1)
    assert error.cell == f"{'ABCDEFGHI'[column]}2"


def test_a_private_name_in_a_public_event_title_is_warned_without_the_name() -> None:
    book = recognition_book([honouree(SECRET, public="ไม่")], [event(f"พิธียกย่อง {SECRET}")])
    result = load_tracker(to_bytes(book))
    [warning] = [m for m in result.warnings if m.code == "private_name_in_event"]
    assert warning.sheet == "ปฏิทินความดี" and warning.params["honouree"] == "ทำเนียบคนดี!2"
    assert SECRET not in json.dumps(warning.stored(), ensure_ascii=False)


# --- what a reader may see --------------------------------------------------------------------------


def sample_of(names: dict[str, str]):
    rows = [honouree(name, public=said) for name, said in names.items()]
    events = [event(f"พิธียกย่อง {SECRET}"), event("ตลาดนัดคุณธรรม", public="ไม่")]
    return load_tracker(to_bytes(recognition_book(rows, events))).tracker


def test_a_private_person_is_unidentifiable_to_a_viewer() -> None:
    """Found 4: private cards still showed kind, district, exact date and virtues, and an event
    named after the person appeared in the calendar."""
    tracker = sample_of({SECRET: "ไม่", "นายดี มีสุข": "ใช่"})
    seen = for_audience(tracker, NO_PROVINCE)
    people = seen.dataset("honourees").set_index(tracker.dataset("honourees")["name"])
    hidden = people.loc[SECRET]
    assert [hidden[c] for c in ("name", "citation", "photo", "district_code", "date")] == [None] * 5
    assert (hidden["kind"], hidden["province_code"], hidden["fiscal_year"]) == ("person", "TH-84", 2566)
    assert people.loc["นายดี มีสุข", "name"] == "นายดี มีสุข"
    events = seen.dataset("events")
    assert events["title"].tolist() == [None, None]  # named after the person; marked not public
    assert SECRET not in repr(seen.datasets)


def test_a_scoped_editor_sees_private_names_of_their_own_provinces_only() -> None:
    """Found 5: an editor scoped to one province saw every province's private names."""
    tracker = sample_of({SECRET: "ไม่"})
    assert for_audience(tracker, frozenset({"TH-84"})).dataset("honourees")["name"].tolist() == [SECRET]
    assert for_audience(tracker, frozenset({"TH-41"})).dataset("honourees")["name"].tolist() == [None]
    assert for_audience(tracker, EVERY_PROVINCE).dataset("honourees")["name"].tolist() == [SECRET]


# --- consent reaches every version; erasure ----------------------------------------------------


def publish(store: Service, said: str, citation: str = "ช่วยเหลือชุมชน", photo: str | None = None) -> int:
    book = recognition_book([honouree(SECRET, public=said, citation=citation, photo=photo), honouree("นายดี มีสุข")])
    done = store.publish(to_bytes(book), "surat.xlsx", SURAT_CLERK)
    assert done.ok
    return done.version_id


@pytest.fixture
def store(make_store) -> Service:
    return make_store()


def test_a_withdrawn_consent_reaches_every_stored_version(store: Service) -> None:
    """Found 2: a person public in version 5 and private in version 6 stayed public at ?version=5."""
    agreed = publish(store, "ใช่")
    assert store.tracker(agreed).dataset("honourees").set_index("name").loc[SECRET, "public"]
    withdrawn = publish(store, "ไม่ยินยอม")
    for version in (agreed, withdrawn):
        assert not store.tracker(version).dataset("honourees").set_index("name").loc[SECRET, "public"]
    assert store.tracker(agreed).dataset("honourees").set_index("name").loc["นายดี มีสุข", "public"]
    publish(store, "ยินยอม")  # consent given again: every version follows the latest decision
    assert store.tracker(agreed).dataset("honourees").set_index("name").loc[SECRET, "public"]


def test_erasure_needs_central_rights_and_says_when_there_is_nobody(store: Service) -> None:
    publish(store, "ใช่")
    with pytest.raises(Refusal) as refused:
        store.erase_person("TH-84", SECRET, SURAT_CLERK)
    assert refused.value.code == "not_central"
    assert not store.erase_person("TH-84", "ไม่มีคนนี้", CENTRAL).found
    assert (store.history()["action"] == "erase").sum() == 0


def test_erasure_leaves_no_byte_of_the_name_in_the_database_or_the_uploads(store: Service, tmp_path) -> None:
    """Found 2: there was no way to erase a person from the stored versions."""
    citation = "ผลงานเฉพาะบุคคลที่ระบุตัวตนได้ 0812345678"
    first = publish(store, "ใช่", citation)
    publish(store, "ใช่", citation + " เพิ่มเติม")
    before = store.tracker(first).dataset("honourees")
    preview = store.erasing("TH-84", SECRET)
    assert preview.rows == 2 and len(preview.versions) == 2  # one row in each version
    done = store.erase_person("TH-84", f" {SECRET} ", CENTRAL, "คำขอลบข้อมูล เลขที่ 12/2569")
    assert done.rows == 2 and done.files_rewritten == 2 and done.reference
    after = store.tracker(first).dataset("honourees")
    assert len(after) == len(before) and after["name"].isna().sum() == 1  # counted, not named
    database = store.url.removeprefix("sqlite:///")
    raw = b"".join(p.read_bytes() for p in (Path(database), Path(database + "-wal")) if p.exists())
    for text in (SECRET, citation, "0812345678"):
        assert text.encode() not in raw, text
    for version in (1, 2, 3):
        for _, content in store.files(version):
            assert content and SECRET not in _cells(content) and "0812345678" not in _cells(content)
    last = store.history().iloc[0]
    assert last["action"] == "erase" and last["actor"] == "ส่วนกลาง" and SECRET not in last["detail"]
    assert json.loads(last["detail"])["reference"] == done.reference


def _cells(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))


def test_erasure_in_postgresql_leaves_nothing_in_a_dump(postgres, make_store) -> None:
    store = make_store(postgres.database())
    publish(store, "ใช่")
    assert SECRET.encode() in postgres.dump(store.url)  # the dump would show it
    store.erase_person("TH-84", SECRET, CENTRAL)
    dump = postgres.dump(store.url)
    assert SECRET.encode() not in dump and "นายดี มีสุข".encode() in dump  # only the erased person goes


# --- photos without tracking ---------------------------------------------------------------------


def with_photo(book, row: int = 2, colour: str = "red"):
    """The honourees sheet with a small image inserted (anchored) in ``row``, as Excel does."""
    from openpyxl.drawing.image import Image as Picture
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (600, 400), colour).save(buffer, "PNG")
    picture = Picture(io.BytesIO(buffer.getvalue()))
    book["ทำเนียบคนดี"].add_image(picture, f"H{row}")
    return book


def test_a_photo_embedded_in_the_row_is_kept_small_with_the_version(store: Service) -> None:
    data = to_bytes(with_photo(recognition_book([honouree("นายดี มีสุข"), honouree("นางงาม ใจดี")]), row=3))
    result = load_tracker(data)
    people = result.tracker.dataset("honourees").set_index("name")
    ref = people.loc["นางงาม ใจดี", "photo"]
    assert ref.startswith("image:") and not isinstance(people.loc["นายดี มีสุข", "photo"], str)
    assert set(result.tracker.photos) == {ref}
    version = store.publish(data, "photos.xlsx", CENTRAL).version_id
    stored = store.tracker(version).dataset("honourees").set_index("name").loc["นางงาม ใจดี", "photo"]
    content = store.photos([stored])[stored]
    from PIL import Image

    with Image.open(io.BytesIO(content)) as image:
        assert image.format == "JPEG" and max(image.size) <= 240


def test_a_photo_link_to_another_site_is_not_kept() -> None:
    """Found 3: photos were remote URLs fetched by every viewer's browser."""
    link = "https://tracker.example.net/p.jpg?viewer=1"
    people, warnings = honourees_of(recognition_book([honouree("นายดี มีสุข", photo=link)]))
    assert people["photo"].tolist() == [None]
    [warning] = [m for m in warnings if m.code == "photo_not_allowed"]
    assert warning.params["count"] == 1 and (warning.sheet, warning.row) == ("ทำเนียบคนดี", 2)


def test_a_link_on_an_allowed_host_is_fetched_once_by_the_server(monkeypatch, tmp_path) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from PIL import Image

    from moral_metrics.reference.settings import settings
    from moral_metrics.service import check_files

    picture = io.BytesIO()
    Image.new("RGB", (300, 300), "blue").save(picture, "PNG")
    asked: list[str] = []

    class Photos(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.headers.get("User-Agent", ""))
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(picture.getvalue())

        def log_message(self, *args) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Photos)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("MORAL_METRICS_PRIVACY_PHOTO_HOSTS", "127.0.0.1")
    settings.cache_clear()
    try:
        link = f"http://127.0.0.1:{server.server_port}/p.png"
        [checked] = check_files([("x.xlsx", to_bytes(recognition_book([honouree("นายดี มีสุข", photo=link)])))])
    finally:
        server.shutdown()
        monkeypatch.delenv("MORAL_METRICS_PRIVACY_PHOTO_HOSTS")
        settings.cache_clear()
    ref = checked.result.tracker.dataset("honourees")["photo"].iloc[0]
    assert ref.startswith("image:") and ref in checked.result.tracker.photos
    assert len(asked) == 1 and asked[0].startswith("MoralMetrics")


# --- outputs: status, the Hall of Fame in an old version, CSV, deck, .ics ------------------------


def test_status_json_leaves_private_names_out_unless_asked(store: Service) -> None:
    from commands import cli

    publish(store, "ไม่")
    plain = json.loads(cli("status", "--json", "--database", store.url).stdout)
    assert SECRET not in json.dumps(plain, ensure_ascii=False) and plain["private_names"].startswith("left out")
    named = json.loads(cli("status", "--json", "--include-private", "--database", store.url).stdout)
    assert SECRET in json.dumps(named, ensure_ascii=False) and named["private_names"] == "included"


def test_a_withdrawn_name_is_gone_from_an_old_version_everywhere(make_app) -> None:
    """Found 2, every output of version N after the person withdrew in version N+1."""
    from moral_metrics.briefing.deck import build_deck
    from moral_metrics.briefing.export import honourees_csv
    from moral_metrics.briefing.ics import to_ics

    make_app.open("overview", editor=False)  # the sample as version 1
    store = make_app.store()
    book = recognition_book([honouree(SECRET, public="ใช่")], [event(f"พิธียกย่อง {SECRET}")])
    old = store.publish(to_bytes(book), "a.xlsx", CENTRAL).version_id
    old_view = make_app.open("fame", editor=False, version=str(old), province="TH-84")
    assert SECRET in "\n".join(m.value for m in old_view.markdown)  # public while agreed
    book = recognition_book([honouree(SECRET, public="ไม่ยินยอม")], [event(f"พิธียกย่อง {SECRET}")])
    store.publish(to_bytes(book), "b.xlsx", CENTRAL)
    for page, params in (("fame", {"province": "TH-84"}), ("fame", {"q": SECRET}), ("calendar", {})):
        at = make_app.open(page, editor=False, version=str(old), **params)
        shown = "\n".join(str(e.value) for e in (*at.markdown, *at.text, *at.caption))
        shown += "".join(str(d.value.to_dict()) for d in at.dataframe)
        assert not at.exception and SECRET not in shown, page
    tracker = for_audience(store.tracker(old), NO_PROVINCE)
    assert SECRET not in honourees_csv(store.tracker(old), "th").decode("utf-8-sig")
    deck = build_deck(store.tracker(old), provinces=["TH-84"], lang="th", fame=True)
    assert SECRET.encode() not in _unzipped(deck)
    ics = to_ics(tracker.dataset("events"), tracker.province_names("th"), "th").decode()
    assert SECRET not in ics.replace("\r\n ", "")


def _unzipped(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return b"".join(z.read(n) for n in z.namelist())


def test_a_scoped_editor_and_a_viewer_on_the_hall_of_fame(make_app) -> None:
    """Found 5: an editor scoped to one province saw every province's private names."""
    make_app.open("overview", editor=False)
    store = make_app.store()
    store.publish(to_bytes(recognition_book([honouree(SECRET, public="ไม่")])), "s.xlsx", CENTRAL)
    for name, sees in (("udon-clerk", False), ("สมชาย", True)):  # Udon's clerk; the central desk
        at = make_app.open("fame", editor=True, name=name, province="TH-84")
        assert (SECRET in "\n".join(m.value for m in at.markdown)) is sees, name
    viewer = make_app.open("fame", editor=False, province="TH-84")
    assert SECRET not in "\n".join(m.value for m in viewer.markdown)


def test_people_stored_before_the_register_start_as_not_public(tmp_path) -> None:
    """A database from before issue 22 could not tell a yes from a blank: every stored person
    starts private until the next publish of their province decides again."""
    from alembic import command
    from alembic.config import Config

    from moral_metrics.store.database import MIGRATIONS, make_engine

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection, connection.begin():
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
        now = "2026-01-01 00:00:00"
        connection.exec_driver_sql(
            "INSERT INTO versions (created_at, uploader, filename, note, sha256, size, content, record_count,"
            " province_count, warning_count, warnings_json, is_sample) VALUES"
            f" ('{now}', 'x', 'a.xlsx', '', '0', 0, x'', 0, 1, 0, '[]', 0)"
        )
        row = {"province_code": "TH-84", "kind": "person", "name": SECRET, "public": True, "fiscal_year": 2566}
        connection.exec_driver_sql(
            "INSERT INTO entries (version_id, dataset, province_code, period, data) VALUES (1, 'honourees', 'TH-84',"
            " 2566, ?)",
            (json.dumps(row, ensure_ascii=False),),
        )
        connection.exec_driver_sql("UPDATE current_version SET version_id = 1 WHERE id = 1")
    engine.dispose()
    store = Service(url)  # upgrades to the register
    with store.engine.connect() as db:
        from moral_metrics.store.consent import register

        assert register(db)[["province_code", "kind", "public"]].values.tolist() == [["TH-84", "person", False]]


def test_erase_person_on_the_command_line(store: Service, tmp_path) -> None:
    from commands import cli

    publish(store, "ใช่")
    done = cli("erase-person", "--province", "สุราษฎร์ธานี", "--name", SECRET, "--by", "ผู้ดูแล", "--database", store.url)
    out = json.loads(done.stdout)
    assert done.returncode == 0 and out["found"] and out["rows"] == 1 and out["reference"]
    assert SECRET not in done.stdout + done.stderr  # nor in the audit line
    again = json.loads(
        cli("erase-person", "--province", "TH-84", "--name", SECRET, "--by", "x", "--database", store.url).stdout
    )
    assert again == {"version": None, "found": False}
    clerk = cli("erase-person", "--province", "TH-84", "--name", "x", "--as", "nobody", "--database", store.url)
    assert clerk.returncode == 1 and json.loads(clerk.stdout)["refused"]["code"] == "not_allowed"
