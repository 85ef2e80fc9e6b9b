"""The `foi` command's own start of Prefect's local API: never over a configured server, and
the server it starts answers and ends with it."""

from foi_ingest.flows import prefect_api


def test_a_configured_server_is_always_the_one_used(tmp_path, monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.delenv("PREFECT_PROFILE", raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    monkeypatch.delenv("PREFECT_PROFILES_PATH", raising=False)
    assert not prefect_api.configured()  # no profile file: the local API is started
    (tmp_path / "profiles.toml").write_text(
        'active = "team"\n[profiles.team]\nPREFECT_API_URL = "http://prefect:4200/api"\n'
        "[profiles.ephemeral]\n"
    )
    assert prefect_api.configured()
    monkeypatch.setenv("PREFECT_PROFILE", "ephemeral")
    assert not prefect_api.configured()
    monkeypatch.setenv("PREFECT_API_URL", "http://elsewhere:4200/api")
    assert prefect_api.configured() and prefect_api.start() is None


def test_the_local_api_answers_and_stops(tmp_path, monkeypatch):
    import urllib.request

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    api = prefect_api.start()
    assert api is not None
    try:
        api.wait()
        with urllib.request.urlopen(f"{api.url}/health", timeout=5) as response:
            assert response.status == 200
    finally:
        api.stop()
    assert api.process.poll() is not None
