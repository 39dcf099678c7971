"""One contract for every store: history by session, idempotent feedback, isolation, durability.

PostgreSQL runs for real (a throw-away cluster from Debian's package, see conftest.postgres_url).
"""

import sqlite3
import threading

import pytest

from assistant.store import MemoryStore, SQLiteStore, UnknownMessage, make_store, new_session_id


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def store(request, tmp_path):
    if request.param == "postgres":
        return make_store(request.getfixturevalue("postgres_url"), tmp_path)
    return MemoryStore() if request.param == "memory" else SQLiteStore(tmp_path / "s.sqlite3")


def test_history_is_kept_in_order_per_session(store):
    a, b = new_session_id(), new_session_id()
    store.append(a, "user", "北京线上要学多少学时？")
    store.append(b, "user", "别人的问题")
    store.append(a, "assistant", "25学时")
    assert [m["content"] for m in store.history(a)] == ["北京线上要学多少学时？", "25学时"]
    assert [m["content"] for m in store.history(b)] == ["别人的问题"]
    assert store.history(new_session_id()) == []


def test_feedback_is_idempotent_and_bound_to_its_session(store):
    a, b = new_session_id(), new_session_id()
    mid = store.append(a, "assistant", "25学时")
    assert store.add_feedback(a, mid, 1, "有用") is True
    assert store.add_feedback(a, mid, 1, "有用") is False
    assert store.feedback(a) == [{"message_id": mid, "rating": 1, "comment": "有用"}]
    with pytest.raises(UnknownMessage):
        store.add_feedback(b, mid, -1)


def test_session_tokens_are_unguessable():
    tokens = {new_session_id() for _ in range(200)}
    assert len(tokens) == 200 and all(len(t) >= 24 for t in tokens)


def test_sqlite_survives_a_reopen_and_is_wal(tmp_path):
    path = tmp_path / "s.sqlite3"
    s = new_session_id()
    mid = SQLiteStore(path).append(s, "user", "问题")
    again = SQLiteStore(path)
    assert again.history(s)[0]["id"] == mid
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.fixture(params=["sqlite", "postgres"])
def opener(request, tmp_path):
    """Opens the same durable store again, as another worker process would."""
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
        return lambda: make_store(url, tmp_path)
    return lambda: SQLiteStore(tmp_path / "s.sqlite3")


def test_concurrent_writers_lose_nothing(opener):
    stores = [opener(), opener()]  # two workers' stores over one database
    session = new_session_id()
    ids: list[str] = []
    lock = threading.Lock()

    def write(n):
        for i in range(25):
            mid = stores[n % 2].append(session, "user", f"{n}-{i}")
            with lock:
                ids.append(mid)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    got = stores[0].history(session, limit=1000)
    assert sorted(m["id"] for m in got) == sorted(ids) and len(got) == 100
    # Each worker's own messages keep their order.
    for n in range(4):
        mine = [m["content"] for m in got if m["content"].startswith(f"{n}-")]
        assert mine == [f"{n}-{i}" for i in range(25)]


def test_sessions_are_issued_and_known(store):
    sid = store.open_session()
    assert store.has_session(sid) and not store.has_session(new_session_id())
    assert store.open_session(sid) == sid  # recording a server-made token twice is harmless


def test_a_turn_is_written_whole(store):
    sid = store.open_session()
    mid = store.append_turn(sid, "北京线上要学多少学时？", "25学时", {"region": "北京"}, {"verdict": "grounded"})
    history = store.history(sid)
    assert [m["role"] for m in history] == ["user", "assistant"] and history[-1]["id"] == mid
    assert history[0]["meta"] == {"region": "北京"}


def test_a_failed_turn_leaves_nothing(opener):
    store = opener()
    sid = store.open_session()

    class Boom(dict):
        def items(self):
            raise RuntimeError("disk went away")

    with pytest.raises(Exception):
        store.append_turn(sid, "问题", "回答", None, Boom(x=1))
    assert store.history(sid) == []


def test_postgres_comes_back_after_the_database_restarts(tmp_path):
    """A connection that broke when the database restarted is replaced; nothing acknowledged is lost."""
    from tests.conftest import running_postgres

    with running_postgres() as server:
        store = make_store(server.url, tmp_path)
        sid = store.open_session()
        first = store.append(sid, "user", "重启前")
        server.stop(mode="immediate")
        with pytest.raises(Exception):
            store.append(sid, "user", "数据库停了")
        server.start()
        second = store.append(sid, "user", "重启后")
        assert [m["id"] for m in store.history(sid)] == [first, second]


def test_an_unreachable_postgres_is_a_clear_error_without_the_password(tmp_path):
    from evals.bench.server import free_port

    url = f"postgresql://teacher:s3cret-pass@127.0.0.1:{free_port()}/advisor"
    with pytest.raises(RuntimeError) as e:
        make_store(url, tmp_path)
    assert "无法连接 PostgreSQL" in str(e.value) and "s3cret-pass" not in str(e.value)


def test_unknown_store_kinds_are_refused(tmp_path):
    with pytest.raises(ValueError, match="未知的存储"):
        make_store("mysql://root@localhost/x", tmp_path)
