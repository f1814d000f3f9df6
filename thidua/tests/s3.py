"""A local S3-compatible server for the storage tests: moto in server mode, on 127.0.0.1 at a
free port, reached over HTTP by boto3 exactly as a real bucket would be (nothing is patched)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

KEY_ID = "thidua-test"
SECRET = "thidua-test-secret"
REGION = "us-east-1"


@dataclass(frozen=True)
class Bucket:
    endpoint: str
    name: str

    def env(self, prefix: str = "") -> dict[str, str]:
        """The settings' environment variables that put files in this bucket."""
        return {
            "S3_BUCKET": self.name,
            "S3_ENDPOINT_URL": self.endpoint,
            "S3_REGION": REGION,
            "S3_ACCESS_KEY_ID": KEY_ID,
            "S3_SECRET_ACCESS_KEY": SECRET,
            "S3_PREFIX": prefix,
        }

    def client(self) -> Any:
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=KEY_ID,
            aws_secret_access_key=SECRET,
        )

    def keys(self, prefix: str = "") -> list[str]:
        listing = self.client().list_objects_v2(Bucket=self.name, Prefix=prefix)
        return sorted(item["Key"] for item in listing.get("Contents", []))


@contextmanager
def moto_bucket(name: str = "thidua-files") -> Iterator[Bucket]:
    """A fresh moto server with one empty private bucket, stopped on the way out."""
    from moto.server import ThreadedMotoServer

    # boto3 inside moto and in the tests must never find real credentials or a real region.
    saved = {k: os.environ.get(k) for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")}
    os.environ.update({"AWS_ACCESS_KEY_ID": KEY_ID, "AWS_SECRET_ACCESS_KEY": SECRET})
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        bucket = Bucket(f"http://{host}:{port}", name)
        bucket.client().create_bucket(Bucket=name)
        yield bucket
    finally:
        server.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
