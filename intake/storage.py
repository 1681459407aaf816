"""Object storage behind one interface: a local folder, or MinIO/S3 through the minio SDK.

Objects are written once under content-derived keys and never half-written: the folder
backend writes a temporary file and renames it into place; S3 makes an object visible only
when its upload completes.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from urllib3.exceptions import HTTPError

from intake.config import redact
from intake.errors import ConfigError, NotFound, Problem, StorageUnavailable
from intake.files import private_dir


class Storage(Protocol):
    """Where document bytes live."""

    def put(self, key: str, data: bytes, content_type: str) -> None:
        """Store bytes under a key; an existing key is left as it is."""

    def get(self, key: str) -> bytes:
        """Return the bytes under a key or raise NotFound."""

    def exists(self, key: str) -> bool:
        """Tell whether a key holds an object."""

    def delete(self, key: str) -> None:
        """Remove a key's object if there is one."""

    def check(self) -> None:
        """Raise ConfigError when the storage cannot be used."""


class FolderStorage:
    """Objects as files under a folder."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise NotFound(key)
        return path

    def put(self, key: str, data: bytes, content_type: str) -> None:
        """Write to a temporary file beside the target, fsync, then rename into place."""
        path = self._path(key)
        if path.exists():
            return
        tmp: Path | None = None
        try:
            private_dir(path.parent)  # mkstemp makes the file itself 0600
            fd, name = tempfile.mkstemp(dir=path.parent, prefix=".part-")
            tmp = Path(name)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            tmp.replace(path)
        except OSError as e:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
            raise StorageUnavailable(f"cannot write {key}: {e.strerror}") from e

    def get(self, key: str) -> bytes:
        """Return a file's bytes."""
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as e:
            raise NotFound(key) from e

    def exists(self, key: str) -> bool:
        """Tell whether the file is there."""
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        """Remove the file if it is there."""
        self._path(key).unlink(missing_ok=True)

    def check(self) -> None:
        """Make the folder and prove it is writable."""
        try:
            private_dir(self.root)
            with tempfile.TemporaryFile(dir=self.root):
                pass
        except OSError as e:
            raise ConfigError(
                Problem.BAD_SETTING,
                name="INTAKE_STORAGE_URL",
                value=str(self.root),
                reason=f"cannot write there ({e.strerror})",
            ) from e


class S3Storage:
    """Objects in an S3 bucket (MinIO, AWS, or any S3 server)."""

    def __init__(self, url: str) -> None:
        from minio import Minio

        parts = urlsplit(url)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        self.url = url
        self.bucket = parts.path.strip("/")
        self.client = Minio(
            f"{parts.hostname}:{parts.port or (443 if query.get('secure') != 'false' else 80)}",
            access_key=unquote(parts.username or ""),
            secret_key=unquote(parts.password or ""),
            secure=query.get("secure", "true").lower() != "false",
            region=query.get("region", "us-east-1"),
            http_client=_http_client(),
        )

    def put(self, key: str, data: bytes, content_type: str) -> None:
        """Upload an object; it becomes visible only when the upload is complete."""
        from minio.error import MinioException

        try:
            self.client.put_object(
                self.bucket, key, io.BytesIO(data), len(data), content_type=content_type
            )
        except (MinioException, OSError, HTTPError) as e:
            raise StorageUnavailable(f"cannot store {key}: {e}") from e

    def get(self, key: str) -> bytes:
        """Download an object's bytes."""
        from minio.error import MinioException, S3Error

        try:
            response = self.client.get_object(self.bucket, key)
        except S3Error as e:
            if e.code in ("NoSuchKey", "NoSuchObject"):
                raise NotFound(key) from e
            raise StorageUnavailable(f"cannot read {key}: {e}") from e
        except (MinioException, OSError, HTTPError) as e:
            raise StorageUnavailable(f"cannot read {key}: {e}") from e
        try:
            return response.read()
        finally:
            response.close()
            response.release_conn()

    def exists(self, key: str) -> bool:
        """Tell whether the object exists."""
        from minio.error import MinioException, S3Error

        try:
            self.client.stat_object(self.bucket, key)
        except S3Error as e:
            if e.code in ("NoSuchKey", "NoSuchObject", "NotFound"):
                return False
            raise StorageUnavailable(f"cannot look up {key}: {e}") from e
        except (MinioException, OSError, HTTPError) as e:
            raise StorageUnavailable(f"cannot look up {key}: {e}") from e
        return True

    def delete(self, key: str) -> None:
        """Remove the object."""
        self.client.remove_object(self.bucket, key)

    def check(self) -> None:
        """Reach the server and make the bucket if it is missing."""
        try:
            if not self.client.bucket_exists(self.bucket):
                self.client.make_bucket(self.bucket)
        except Exception as e:  # the SDK raises urllib3, ssl and S3 errors alike
            reason = short_reason(e)
            raise ConfigError(
                Problem.BAD_SETTING,
                name="INTAKE_STORAGE_URL",
                value=redact(self.url),
                reason=f"cannot reach the bucket ({reason})",
            ) from e


def short_reason(error: BaseException) -> str:
    """Return the innermost cause of a connection error in a few words."""
    reason = getattr(error, "reason", None) or error
    text = str(reason).splitlines()[0] if str(reason) else type(reason).__name__
    return text.rsplit(": ", 1)[-1][:200]


def _http_client():
    """Fail fast: the SDK's default retries take many seconds against a dead server."""
    import certifi
    import urllib3
    from urllib3.util import Retry, Timeout

    return urllib3.PoolManager(
        timeout=Timeout(connect=3, read=60),
        maxsize=20,
        cert_reqs="CERT_REQUIRED",
        ca_certs=os.environ.get("SSL_CERT_FILE") or certifi.where(),
        retries=Retry(total=2, connect=0, backoff_factor=0.2, status_forcelist=[500, 502, 503]),
    )


def open_storage(url: str) -> Storage:
    """Return the backend a storage URL names: s3://... or a folder."""
    if urlsplit(url).scheme in ("s3", "minio"):
        return S3Storage(url)
    return FolderStorage(url.removeprefix("file://"))
