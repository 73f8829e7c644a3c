"""restore.integrations.dask on a real local cluster: two worker processes, one thread each."""
from __future__ import annotations

import pytest

import restore
from restore.formats import spans_from_json, spans_json

from clusters import documents, need, workers_import_this_checkout, write_corpus

pd = need("pandas", "dask")
dask_bag = need("dask.bag", "dask")
dd = need("dask.dataframe", "dask")
distributed = need("distributed", "dask")
cloudpickle = need("cloudpickle", "dask")

from restore.integrations import dask as rdask  # noqa: E402


@pytest.fixture(scope="module")
def client():
    with workers_import_this_checkout(), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                     dashboard_address=None) as cluster, \
            distributed.Client(cluster) as c:
        rdask.warm_workers(c)
        yield c


@pytest.fixture(scope="module")
def texts():
    return documents()


@pytest.fixture(scope="module")
def frame(texts):
    return pd.DataFrame({"id": [f"doc{k:02d}" for k in range(len(texts))], "text": texts})


def _expected(text):
    r = restore.fix(text)
    return r.text, r.spin_score, spans_json(r.spans), len(r.applied)


def test_workers_import_this_checkout_and_were_warmed(client):
    files = client.run(lambda: restore.__file__)
    assert len(files) == 2
    assert set(files.values()) == {restore.__file__}
    loaded = client.run(lambda: restore.lexicon.load.cache_info().currsize)
    assert all(n >= 1 for n in loaded.values()), loaded


def test_restore_bag_equals_fix_for_every_text(client, texts):
    bag = dask_bag.from_sequence(texts, npartitions=4)
    rows = rdask.restore_bag(bag).compute()
    assert len(rows) == len(texts)
    for text, row in zip(texts, rows):
        if text is None:
            assert row == {"text": None, "spin_score": None, "spans": None, "n_applied": None}
        else:
            assert (row["text"], row["spin_score"], row["spans"], row["n_applied"]) == _expected(text)


def test_restore_column_adds_the_columns_and_equals_fix(client, frame, texts):
    df = dd.from_pandas(frame, npartitions=4)
    with distributed.get_task_stream(client) as stream:
        out = rdask.restore_column(df, "text").compute()
    assert list(out.columns) == ["id", "text", "restore_text", "restore_spin_score", "restore_spans", "restore_n_applied"]
    assert list(out["id"]) == list(frame["id"])
    for text, (_, row) in zip(texts, out.iterrows()):
        if text is None:
            assert row[["restore_text", "restore_spin_score", "restore_spans", "restore_n_applied"]].isna().all()
            continue
        got = (row["restore_text"], row["restore_spin_score"], row["restore_spans"], row["restore_n_applied"])
        assert got == _expected(text)
        # The JSON spans replay to the restored text.
        assert restore.apply(text, spans_from_json(row["restore_spans"])) == row["restore_text"]
    assert out["restore_n_applied"].sum() > 20  # the seed paragraphs were repaired
    assert len({task["worker"] for task in stream.data}) == 2  # both workers took part


def test_options_reach_the_workers(client, frame, texts):
    df = dd.from_pandas(frame, npartitions=2)
    strict = rdask.restore_column(df, "text", threshold=0.99, prefix="strict_").compute()
    differs = 0
    for text, (_, row) in zip(texts, strict.iterrows()):
        if text is not None:
            assert row["strict_text"] == restore.fix(text, threshold=0.99).text
            differs += row["strict_text"] != restore.fix(text).text
    assert differs > 0  # the threshold changed some results, so it did reach the workers


def test_restore_column_refuses_to_overwrite_and_names_a_missing_column(frame):
    df = dd.from_pandas(frame.assign(restore_text=""), npartitions=1)
    with pytest.raises(ValueError, match="restore_text.*prefix"):
        rdask.restore_column(df, "text")
    with pytest.raises(KeyError, match="body"):
        rdask.restore_column(df, "body")


def test_screening_a_column_ranks_the_most_spun_first(client, frame, texts):
    df = dd.from_pandas(frame, npartitions=4)
    table = rdask.screen_column(df, "text")
    top = rdask.top_spun(table, id_column="id", top=5)
    expected = sorted(
        ((-restore.fix(t).spin_score, -len(restore.fix(t).applied), i) for i, t in zip(frame["id"], texts) if t is not None)
    )[:5]
    assert list(top["id"]) == [i for _, _, i in expected]
    assert list(top["spin_score"]) == [-s for s, _, _ in expected]
    assert {"words", "n_applied"} <= set(top.columns) and "restore_text" not in top.columns


def test_screening_a_folder_of_files(client, tmp_path, texts):
    folder = tmp_path / "corpus"
    written = {str(path): text for path, text in write_corpus(folder, texts).items()}
    table = rdask.screen_files(str(folder), npartitions=3)
    ranked = rdask.top_spun(table, top=None)
    assert len(ranked) == len(written) + 1  # the .csv is not included
    assert ranked["path"].iloc[-1] == str(folder / "broken.txt")
    assert "not valid utf-8" in ranked["error"].iloc[-1]
    scores = {p: restore.fix(t).spin_score for p, t in written.items()}
    got = dict(zip(ranked["path"][:-1], ranked["spin_score"][:-1]))
    assert got == scores
    assert list(ranked["spin_score"][:-1]) == sorted(scores.values(), reverse=True)


def test_what_ships_to_the_workers_is_small(client, frame):
    restore.fix("Loaded here first: on Could 19.")  # the lexicons must not travel with the tasks
    df = dd.from_pandas(frame.head(3), npartitions=1)
    graph = dict(rdask.restore_column(df, "text").__dask_graph__())
    payload = len(cloudpickle.dumps(graph))
    assert payload < 100_000, payload
    bag_graph = dict(rdask.restore_bag(dask_bag.from_sequence(["x"], npartitions=1)).__dask_graph__())
    assert len(cloudpickle.dumps(bag_graph)) < 100_000


def test_screening_a_parquet_data_set_as_the_readme_does(client, frame, texts, tmp_path):
    frame.to_parquet(tmp_path / "crawl.parquet")
    df = dd.read_parquet(tmp_path / "crawl.parquet", columns=["id", "text"])
    top = rdask.top_spun(rdask.screen_column(df, "text"), id_column="id", top=3)
    best = max((restore.fix(t).spin_score, len(restore.fix(t).applied)) for t in texts if t is not None)
    assert (top["spin_score"][0], top["n_applied"][0]) == best
    rdask.restore_column(df, "text").to_parquet(tmp_path / "restored")
    back = pd.read_parquet(tmp_path / "restored").sort_values("id")
    assert list(back["restore_text"].fillna("<null>")) == [restore.fix(t).text if t is not None else "<null>" for t in texts]
