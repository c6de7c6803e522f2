"""Where the pseudonymisation secret comes from, and who may use the demo secret."""
import pytest

from deployment.home import DEMO_SECRET, Home, SecretMissing


def test_secret_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("REGIOMONITOR_PSEUDONYM_KEY", "env-secret")
    assert Home(tmp_path).secret() == (b"env-secret", "$REGIOMONITOR_PSEUDONYM_KEY")


def test_secret_from_a_file(tmp_path, monkeypatch):
    key = tmp_path / "key"
    key.write_text("file-secret\n")
    monkeypatch.delenv("REGIOMONITOR_PSEUDONYM_KEY")
    monkeypatch.setenv("REGIOMONITOR_PSEUDONYM_KEY_FILE", str(key))
    secret, origin = Home(tmp_path).secret()
    assert secret == b"file-secret" and "REGIOMONITOR_PSEUDONYM_KEY_FILE" in origin


def test_an_unreadable_or_empty_secret_file_is_an_error(tmp_path, monkeypatch):
    monkeypatch.delenv("REGIOMONITOR_PSEUDONYM_KEY")
    monkeypatch.setenv("REGIOMONITOR_PSEUDONYM_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(SecretMissing, match="cannot read"):
        Home(tmp_path).secret()
    (tmp_path / "empty").write_text("\n")
    monkeypatch.setenv("REGIOMONITOR_PSEUDONYM_KEY_FILE", str(tmp_path / "empty"))
    with pytest.raises(SecretMissing, match="is empty"):
        Home(tmp_path).secret()


def test_only_a_demo_home_falls_back_to_the_demo_secret(tmp_path, monkeypatch):
    monkeypatch.delenv("REGIOMONITOR_PSEUDONYM_KEY")
    with pytest.raises(SecretMissing, match="REGIOMONITOR_PSEUDONYM_KEY_FILE"):
        Home(tmp_path / "real").secret()
    demo = Home(tmp_path / "demo")
    demo.mark_demo()
    assert demo.secret()[0] == DEMO_SECRET
