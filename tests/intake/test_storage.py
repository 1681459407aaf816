"""Object storage: the folder and S3 backends behave the same and never half-write."""

from __future__ import annotations

import io

import pytest

from intake.errors import ConfigError, NotFound, StorageUnavailable
from intake.storage import FolderStorage, S3Storage, open_storage
from tests.services import free_port


@pytest.fixture(params=["folder", "s3"])
def storage(request, tmp_path):
    if request.param == "folder":
        store = FolderStorage(tmp_path / "files")
    else:
        server = request.getfixturevalue("s3_server")
        store = open_storage(f"s3://testing:testing@{server}/store-{id(request)}?secure=false")
    store.check()
    return store


def test_objects_round_trip(storage):
    storage.put("1/abc", b"hello", "application/pdf")
    assert storage.exists("1/abc")
    assert storage.get("1/abc") == b"hello"


def test_an_object_is_written_once(storage):
    storage.put("1/k", b"first", "application/pdf")
    storage.put("1/k", b"first", "application/pdf")
    assert storage.get("1/k") == b"first"


def test_a_missing_object_is_not_found(storage):
    assert not storage.exists("1/none")
    with pytest.raises(NotFound):
        storage.get("1/none")


def test_a_big_object_round_trips(storage):
    blob = bytes(range(256)) * 50_000  # 12.8 MB, a multipart-sized upload
    storage.put("1/big", blob, "application/pdf")
    assert storage.get("1/big") == blob


def test_a_failed_folder_write_leaves_nothing(tmp_path, monkeypatch):
    store = FolderStorage(tmp_path / "files")
    store.check()

    def broken_fsync(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", broken_fsync)
    with pytest.raises(StorageUnavailable):
        store.put("1/x", b"data" * 1000, "application/pdf")
    monkeypatch.undo()
    assert not store.exists("1/x")
    assert [p.name for p in (tmp_path / "files").rglob("*") if p.is_file()] == []


def test_an_interrupted_s3_upload_leaves_no_object(s3_server):
    store = S3Storage(f"s3://testing:testing@{s3_server}/halfway?secure=false")
    store.check()

    class Dies(io.BytesIO):
        def read(self, size=-1):
            if self.tell() > 6 * 1024 * 1024:
                raise OSError("connection reset")
            return super().read(size)

    payload = Dies(b"x" * (12 * 1024 * 1024))
    with pytest.raises(OSError):
        store.client.put_object("halfway", "1/half", payload, -1, part_size=5 * 1024 * 1024)
    assert not store.exists("1/half")


def test_keys_cannot_escape_the_folder(tmp_path):
    store = FolderStorage(tmp_path / "files")
    with pytest.raises(NotFound):
        store.get("../../etc/passwd")


def test_an_unreachable_s3_server_fails_with_the_setting_named():
    store = open_storage(f"s3://k:s@127.0.0.1:{free_port()}/bucket?secure=false")
    with pytest.raises(ConfigError, match="INTAKE_STORAGE_URL"):
        store.check()
    with pytest.raises(StorageUnavailable):
        store.put("1/x", b"x", "application/pdf")
