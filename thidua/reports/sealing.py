"""The issuing organisation's digital seal on the PDFs the product issues (PAdES, pyHanko).

Keys never touch the database, the logs or the archives: each organisation's PKCS#12 file and
its passphrase are configured outside the product, in settings.PDF_SEALS (the environment
variable THIDUA_PDF_SEALS, a JSON object):

    {"block:12": {"pkcs12": "/etc/thidua/seals/khoi8.p12",
                  "passphrase_file": "/etc/thidua/seals/khoi8.pass",
                  "name": "Khối thi đua 8", "position": "TM. KHỐI THI ĐUA 8",
                  "image": "/etc/thidua/seals/khoi8-seal.png"}}

Instead of a PKCS#12 file, an entry may name a key on a PKCS#11 token (a USB token or an HSM;
python-pkcs11 and the vendor's module):

    {"province:60": {"pkcs11": {"module": "/usr/lib/vendor/libpkcs11.so",
                                "token": "BAN THI DUA", "key_label": "seal",
                                "cert_label": "seal", "pin_file": "/etc/thidua/seals/board.pin"},
                     "name": "Ban Thi đua - Khen thưởng", "position": "TM. BAN THI ĐUA"}}

`cert_label` defaults to `key_label`; the token's other certificates (its CA chain) are embedded
too. The PIN comes from `pin_file` or from the environment variable named by `pin_env`; it is
read when a document is sealed, kept in memory only, and never written to the database, a log
or an archive (errors name the seal's key and the kind of error, never the PIN).

A block's key is "block:<id>"; the Board's is "province:<code>". `name`, `position` and the
seal `image` (a red PNG, optional) make the visible appearance; the time is written in ISO 8601
(the e-document rules: the organisation's signature at the top right of page 1, Times New Roman
10 pt — Liberation Serif has its metrics). Where no key is configured the PDF is issued unsigned
and says so in the same place.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.utils import timezone
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import BoxConstraints
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.timestamps import TimestampRequestError
from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper
from pyhanko.stamp import TextStampStyle
from pyhanko.stamp.text import TextStamp

if TYPE_CHECKING:
    from thidua.orgs.models import Block, Province

T = TypeVar("T")
log = logging.getLogger(__name__)

FONT = Path(__file__).resolve().parent / "fonts" / "LiberationSerif-Regular.ttf"
FIELD = "Seal"
# The top right of page 1, in the top margin (A4 portrait and landscape), in PDF points; clear
# of the centred "BẢN MẪU" header line of a demo site.
_BOX_W, _BOX_H, _TOP, _RIGHT = 152, 40, 8, 10
UNSIGNED_NOTE = "Văn bản phát hành không có chữ ký số\n(đơn vị phát hành chưa cấu hình khóa ký số)"


def off_loop(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call one of pyHanko's synchronous functions (each runs its own asyncio loop) from a
    thread where no event loop is running: in a worker thread when the caller already has one
    (an async server, Playwright's test driver)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args, **kwargs).result()


class SealError(Exception):
    """A configured seal could not be used (missing file, wrong passphrase): the document is not
    issued. The message names the key, never its content."""


@dataclass(frozen=True)
class Pkcs11Key:
    """A seal key on a PKCS#11 token."""

    module: str
    token: str
    key_label: str
    cert_label: str
    pin: str | None = dataclasses.field(default=None, repr=False)


@dataclass(frozen=True)
class SealConfig:
    key: str
    pkcs12: Path | None
    passphrase: bytes | None = dataclasses.field(repr=False)
    name: str
    position: str
    image: Path | None = None
    pkcs11: Pkcs11Key | None = None


def block_key(block: Block) -> str:
    return f"block:{block.pk}"


def board_key(province: Province) -> str:
    return f"province:{province.code}"


def config(key: str) -> SealConfig | None:
    """The seal configured for `key`, or None (the document goes out unsigned)."""
    entry: dict[str, Any] | None = settings.PDF_SEALS.get(key) or _demo_entry(key)
    if not entry:
        return None
    passphrase = _secret(entry, "passphrase", key)
    token = entry.get("pkcs11")
    pkcs11_key: Pkcs11Key | None = None
    if token:
        pin = _secret(token, "pin", key)
        label = str(token.get("key_label", ""))
        pkcs11_key = Pkcs11Key(
            module=str(token.get("module", "")),
            token=str(token.get("token", "")),
            key_label=label,
            cert_label=str(token.get("cert_label", "") or label),
            pin=pin.decode() if pin is not None else None,
        )
    return SealConfig(
        key=key,
        pkcs12=Path(entry["pkcs12"]) if entry.get("pkcs12") else None,
        passphrase=passphrase,
        name=str(entry.get("name", "")),
        position=str(entry.get("position", "")),
        image=Path(entry["image"]) if entry.get("image") else None,
        pkcs11=pkcs11_key,
    )


def _secret(entry: dict[str, Any], name: str, key: str) -> bytes | None:
    """A passphrase or PIN from `<name>_file` or from the environment variable `<name>_env`."""
    if entry.get(f"{name}_file"):
        try:
            return Path(entry[f"{name}_file"]).read_bytes().strip()
        except OSError as error:
            raise SealError(
                f"The {name} file of the seal {key} cannot be read ({type(error).__name__})."
            ) from None
    if entry.get(f"{name}_env"):
        value = os.environ.get(entry[f"{name}_env"])
        return value.encode() if value is not None else None
    return None


def _demo_entry(key: str) -> dict[str, Any] | None:
    """On a demonstration site, the demo CA's seal that load_demo wrote (never in production)."""
    if not settings.DEMO_MODE:
        return None
    path = Path(settings.DEMO_SEALS_DIR) / "seals.json"
    if not path.exists():
        return None
    entries: dict[str, dict[str, Any]] = json.loads(path.read_text())
    return entries.get(key)


def _font_1000() -> str:
    """The shipped serif face with 1000 units per em, as pyHanko's text layout expects (with
    Liberation's 2048 it spaces every glyph twice as wide): made once, kept in the temp folder."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    digest = hashlib.sha256(FONT.read_bytes()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"thidua-seal-font-{digest}.ttf"
    if not path.exists():
        font = TTFont(str(FONT))
        scale_upem(font, 1000)
        partial = path.with_suffix(f".{os.getpid()}.part")
        font.save(str(partial))
        partial.replace(path)
    return str(path)


def _text_style() -> TextBoxStyle:
    return TextBoxStyle(font=GlyphAccumulatorFactory(_font_1000(), font_size=8))


def _box(pdf_bytes: bytes) -> tuple[int, int, int, int]:
    """The seal's place: the top right of page 1, in the top margin."""
    reader = PdfFileReader(BytesIO(pdf_bytes))
    media = reader.root["/Pages"]["/Kids"][0].get_object()["/MediaBox"]
    width, height = float(media[2]), float(media[3])
    x2, y2 = int(width) - _RIGHT, int(height) - _TOP
    return (x2 - _BOX_W, y2 - _BOX_H, x2, y2)


def mark_unsigned(pdf_bytes: bytes) -> bytes:
    """The same PDF with, at the top right of page 1, the words that it carries no digital
    signature (an incremental update: the rendered bytes stay its prefix)."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf_bytes))
    x1, y1, x2, y2 = _box(pdf_bytes)
    style = TextStampStyle(stamp_text="%(note)s", text_box_style=_text_style(), border_width=1)
    stamp = TextStamp(
        writer, style, text_params={"note": UNSIGNED_NOTE}, box=BoxConstraints(x2 - x1, y2 - y1)
    )
    stamp.apply(0, x1, y1)
    # An empty form, so that signatures added later are read as form filling (pyHanko's review
    # of what changed after a revision needs the form to exist in it).
    if "/AcroForm" not in writer.root:
        writer.root["/AcroForm"] = generic.DictionaryObject(
            {
                generic.NameObject("/Fields"): generic.ArrayObject(),
                generic.NameObject("/SigFlags"): generic.NumberObject(3),
            }
        )
        writer.update_root()
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def appearance_text(cfg: SealConfig, when_iso: str) -> str:
    lines = [cfg.position, cfg.name, f"Thời gian ký: {when_iso}"]
    return "\n".join(line for line in lines if line)


@contextmanager
def open_signer(cfg: SealConfig) -> Iterator[signers.Signer]:
    """The seal's signer: from its PKCS#12 file, or in a session on its PKCS#11 token (closed
    on leaving)."""
    if cfg.pkcs11 is None:
        yield load_signer(cfg)
        return
    from pkcs11.exceptions import PKCS11Error as TokenError
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Error, PKCS11Signer, open_pkcs11_session

    token = cfg.pkcs11
    try:
        session = open_pkcs11_session(
            token.module, token_criteria=TokenCriteria(label=token.token), user_pin=token.pin
        )
    except (PKCS11Error, TokenError, OSError, RuntimeError) as error:
        raise SealError(
            f"The seal {cfg.key} cannot be opened on its PKCS#11 token ({type(error).__name__})."
        ) from None
    try:
        signer = PKCS11Signer(
            session,
            key_label=token.key_label,
            cert_label=token.cert_label,
            other_certs_to_pull=None,
        )
        # ECDSA: the digest is computed here and the token signs it (CKM_ECDSA), which every EC
        # token supports; not all of them hash-then-sign (CKM_ECDSA_SHA256).
        signer.use_raw_mechanism = signer.signing_cert.public_key.algorithm == "ec"
        yield signer
    except (PKCS11Error, TokenError) as error:
        raise SealError(
            f"The seal {cfg.key} cannot sign with its PKCS#11 token ({type(error).__name__})."
        ) from None
    finally:
        session.close()


def load_signer(cfg: SealConfig) -> signers.SimpleSigner:
    if cfg.pkcs12 is None:
        raise SealError(f"The seal {cfg.key} names neither a PKCS#12 file nor a PKCS#11 key.")
    try:
        signer = signers.SimpleSigner.load_pkcs12(str(cfg.pkcs12), passphrase=cfg.passphrase)
    except (OSError, ValueError) as error:
        raise SealError(f"The seal {cfg.key} cannot be loaded ({type(error).__name__}).") from None
    if signer is None:
        raise SealError(f"The seal {cfg.key} cannot be loaded (wrong passphrase or file).")
    return signer


def sign(
    pdf_bytes: bytes,
    signer: signers.Signer,
    *,
    field: str,
    text: str,
    box: tuple[int, int, int, int],
    image: Path | None = None,
    reason: str = "",
    name: str = "",
) -> bytes:
    """`pdf_bytes` with one more PAdES signature by `signer`, appended as an incremental update
    (earlier signatures stay intact), with a visible appearance showing `text`."""
    style = TextStampStyle(
        stamp_text="%(text)s",
        text_box_style=_text_style(),
        border_width=1,
        background=PdfImage(str(image)) if image else None,
        background_opacity=1.0,
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field,
        subfilter=SigSeedSubFilter.PADES,
        name=name or None,
        reason=reason or None,
        md_algorithm="sha256",
    )
    spec = fields.SigFieldSpec(field, on_page=0, box=box)
    stamper = timestamper()
    try:
        out = off_loop(
            signers.PdfSigner(
                meta, signer=signer, stamp_style=style, new_field_spec=spec, timestamper=stamper
            ).sign_pdf,
            IncrementalPdfFileWriter(BytesIO(pdf_bytes)),
            appearance_text_params={"text": text},
        )
    except TimestampRequestError as error:
        # The TSA is down: the document still goes out, its time being the server's clock
        # (the verification report says so); the operator learns it from the log.
        log.warning("No trusted timestamp from the TSA (%s); signing without one.", error)
        out = off_loop(
            signers.PdfSigner(meta, signer=signer, stamp_style=style, new_field_spec=spec).sign_pdf,
            IncrementalPdfFileWriter(BytesIO(pdf_bytes)),
            appearance_text_params={"text": text},
        )
    return bytes(out.getbuffer())


def timestamper() -> RequestsHTTPTimeStamper | None:
    """The RFC 3161 time-stamping authority of settings.PDF_TSA_URL, if one is configured."""
    url = getattr(settings, "PDF_TSA_URL", "")
    if not url:
        return None
    return RequestsHTTPTimeStamper(url, timeout=settings.PDF_TSA_TIMEOUT)


def now_iso() -> str:
    return timezone.localtime().replace(microsecond=0).isoformat()


def seal(pdf_bytes: bytes, cfg: SealConfig) -> bytes:
    """`pdf_bytes` signed as PAdES by the organisation of `cfg`, with its visible appearance:
    position, name, the time in ISO 8601 and, when configured, the red seal image."""
    with open_signer(cfg) as signer:
        return sign(
            pdf_bytes,
            signer,
            field=FIELD,
            text=appearance_text(cfg, now_iso()),
            box=_box(pdf_bytes),
            image=cfg.image,
            reason="Phát hành văn bản",
            name=cfg.name,
        )


def seal_or_mark(pdf_bytes: bytes, key: str) -> tuple[bytes, bool]:
    """The PDF as issued: sealed with `key`'s certificate when one is configured (True), else
    marked as issued without a digital signature (False)."""
    cfg = config(key)
    if cfg is None:
        return mark_unsigned(pdf_bytes), False
    return seal(pdf_bytes, cfg), True


def sealed_by(pdf_bytes: bytes) -> str:
    """The subject of the last signature's certificate in `pdf_bytes` (for the registry)."""
    reader = PdfFileReader(BytesIO(pdf_bytes))
    sigs = reader.embedded_signatures
    if not sigs:
        return ""
    return str(sigs[-1].signer_cert.subject.human_friendly)
