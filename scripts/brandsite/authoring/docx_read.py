"""Read a teacher's .docx without being tricked: mammoth's HTML, its messages and the pictures.

A .docx is a zip, and a 2 MB zip can unpack to gigabytes (a "zip bomb"): the file's kind and every
part's declared size are checked before anything is unpacked, the bytes are counted again while
unpacking (declared sizes can lie), and each XML part is parsed for depth before mammoth builds its
tree. Every refusal is a ``DocxError`` in Chinese that says what to do.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from xml.parsers import expat

import mammoth

MiB = 1 << 20
# Limits no real Word report reaches.
MAX_IMPORT_BYTES = 400 * MiB  # the file, all its parts unpacked, and the pictures read; 100 phone photos ≈ 300 MB
MAX_PICTURE_BYTES = 64 * MiB  # one picture (or other binary part); a 200-megapixel photo is about 30 MB
MAX_XML_BYTES = 16 * MiB  # all XML parts together: a 300-page report has ~5 MB; mammoth's tree takes ~15× that
MAX_XML_DEPTH = 100  # Word nests elements about 20 deep; mammoth walks the tree recursively
MAX_PARTS = 5000  # a report with 300 pictures has about 350 parts
MAX_RATIO = 200  # unpacked ÷ packed size of one big part: real parts stay under ~50, bombs reach 1000
RATIO_FLOOR = 8 * MiB  # below this the caps above already bound what a part can cost
READ_CHUNK = 64 * 1024  # zipfile's read() of a whole part may inflate up to 1 GiB in one step

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Word .doc, WPS .wps, and password-protected .docx
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # the stream an encrypted .docx keeps in its OLE file
SAVE_AS = "请用 Word 或 WPS 打开它，点“文件 → 另存为”，文件类型选“Word 文档（*.docx）”，保存后再导入新的 .docx 文件"
RESAVE = "请用 Word 或 WPS 打开后重新保存一次，再导入"
NOT_NORMAL = "正常的 Word 报告不会这样，文件可能是故意构造的"
STYLE_MAP = """
p[style-name='Title'] => p.doc-title:fresh
p[style-name='标题'] => p.doc-title:fresh
p[style-name='Subtitle'] => p.doc-subtitle:fresh
p[style-name='副标题'] => p.doc-subtitle:fresh
p[style-name='标题 1'] => h1:fresh
p[style-name='标题 2'] => h2:fresh
p[style-name='标题 3'] => h3:fresh
p[style-name='标题 4'] => h4:fresh
p[style-name='Caption'] => p.doc-caption:fresh
p[style-name='题注'] => p.doc-caption:fresh
"""


class DocxError(Exception):
    """The file cannot be imported: what is wrong and what to do, in Chinese."""

    def __init__(self, problem: str, hint: str = RESAVE):
        super().__init__(f"{problem} — {hint}")


def _mb(size: int) -> str:
    return f"{size / MiB:.0f} MB"


def _too_much(problem: str) -> DocxError:
    return DocxError(f"{problem}；{NOT_NORMAL}",
                     "请用 Word 或 WPS 打开它，确认内容无误后另存为新的 .docx 再导入；照片太大时先在 Word 里压缩图片")


_LINE_BREAKS = re.compile(r"[\r\v\f\x85\u2028\u2029]")  # YAML and Markdown also end a line at these
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\ue002]")  # terminal escapes, docx_import's link marks


def clean(text: str) -> str:
    """Word text without control characters; every kind of line break becomes "\\n"."""
    return _CONTROL.sub("", _LINE_BREAKS.sub("\n", text))


def check_file_size(size: int) -> None:
    """Refuse a file too big to be a Word report before it is read into memory."""
    if size > MAX_IMPORT_BYTES:
        raise _too_much(f"文件有 {_mb(size)}，超过导入上限 {_mb(MAX_IMPORT_BYTES)}")


def _kind_of_file(data: bytes) -> None:
    """Refuse what is not a .docx, saying what it is: an encrypted .docx, an old .doc, something else."""
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_PACKAGE in data:
            raise DocxError("这个 Word 文件设置了打开密码（已加密），无法导入",
                            "请在 Word 里打开它，点“文件 → 信息 → 保护文档 → 用密码进行加密”，清空密码后保存"
                            "（WPS：“文件 → 文档加密 → 密码加密”），再导入")
        raise DocxError("这是旧版 Word 或 WPS 文件（.doc、.wps），无法直接导入", SAVE_AS)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DocxError("这个文件不是 Word 文档（.docx），无法导入", "请用 Word 或 WPS 打开后另存为“Word 文档（*.docx）”")


def _chunks(stream, limit: int, too_much: str) -> Iterator[bytes]:
    """The stream's bytes in small pieces, counted: more than ``limit`` raises ``too_much``."""
    count = 0
    while chunk := stream.read(READ_CHUNK):
        count += len(chunk)
        if count > limit:
            raise _too_much(too_much)
        yield chunk


class _Budget:
    """What the parts may still unpack to, in all and as XML."""

    def __init__(self) -> None:
        self.left, self.xml_left = MAX_IMPORT_BYTES, MAX_XML_BYTES

    def take(self, entry: zipfile.ZipInfo) -> None:
        self.left -= entry.file_size
        if self.left < 0:
            raise _too_much(f"文档的各部分解压后加起来超过 {_mb(MAX_IMPORT_BYTES)}（算到 {entry.filename} 时）")

    def take_xml(self, entry: zipfile.ZipInfo) -> None:
        self.xml_left -= entry.file_size
        if self.xml_left < 0:
            raise _too_much(f"文档的文字部分（XML）解压后加起来超过 {_mb(MAX_XML_BYTES)}（算到 {entry.filename} 时）")


def _declared(entry: zipfile.ZipInfo) -> None:
    """Refuse a part by what its header says, before it is unpacked."""
    if entry.flag_bits & 0x1:
        raise DocxError(f"文档里的 {entry.filename} 加了密码", "请在 Word 里清除文档的密码后另存一份，再导入")
    if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise DocxError(f"文档里的 {entry.filename} 用了 Word 不用的压缩方式，读不出来")
    if entry.file_size > MAX_PICTURE_BYTES:
        raise _too_much(f"文档里的 {entry.filename} 解压后有 {_mb(entry.file_size)}，"
                        f"超过一张图片的上限 {_mb(MAX_PICTURE_BYTES)}")
    if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * entry.compress_size:
        raise _too_much(f"文档里的 {entry.filename} 压缩了 {entry.file_size // max(entry.compress_size, 1)} 倍")


def _xml_checker(entry: zipfile.ZipInfo, budget: _Budget):
    """An expat parser for the XML part ``entry``: expat refuses entities that multiply the text;
    this refuses nesting deeper than MAX_XML_DEPTH."""
    budget.take_xml(entry)
    parser = expat.ParserCreate(namespace_separator=" ")
    depth = 0

    def start(*_) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_XML_DEPTH:
            raise _too_much(f"文档里的 {entry.filename} 嵌套超过 {MAX_XML_DEPTH} 层")

    def end(*_) -> None:
        nonlocal depth
        depth -= 1

    parser.StartElementHandler, parser.EndElementHandler = start, end
    return parser


def _check_part(package: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: _Budget) -> None:
    """Unpack one part, counting its bytes (the header's size can lie), and parse it when it is XML:
    by its name, or by its content, since mammoth parses whatever part the relationships name."""
    budget.take(entry)
    parser = _xml_checker(entry, budget) if entry.filename.endswith((".xml", ".rels")) else None
    with package.open(entry) as stream:
        for number, chunk in enumerate(_chunks(stream, entry.file_size, f"文档里的 {entry.filename} 解压后比它声明的大")):
            if number == 0 and parser is None and chunk.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").startswith((b"<", b"\0<")):
                parser = _xml_checker(entry, budget)
            if parser is not None:
                parser.Parse(chunk, False)
    if parser is not None:
        parser.Parse(b"", True)


def _check_package(data: bytes) -> None:
    """Refuse a .docx whose parts would unpack past the limits or are broken, before mammoth reads it."""
    name = ""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            entries = package.infolist()
            if len(entries) > MAX_PARTS:
                raise _too_much(f"文档由 {len(entries)} 个部分组成，超过上限 {MAX_PARTS} 个")
            for entry in entries:
                _declared(entry)
            budget = _Budget()
            for entry in entries:
                name = entry.filename
                _check_part(package, entry, budget)
    except expat.ExpatError as exc:
        raise DocxError(f"文档里的 {name} 已损坏（不是完好的 XML：第 {exc.lineno} 行第 {exc.offset} 列）") from exc
    except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
        raise DocxError(f"文档里的 {name} 已损坏，读不出来" if name else "这个 .docx 文件已损坏，读不出来") from exc


def read(data: bytes) -> tuple[str, list[str], list[tuple[str, bytes]]]:
    """mammoth's HTML, its messages and the pictures in document order (src = their index)."""
    _kind_of_file(data)
    _check_package(data)
    pictures: list[tuple[str, bytes]] = []
    known: dict[str, bytes] = {}  # a picture shown many times is kept once
    budget = MAX_IMPORT_BYTES  # each showing is read again: count them all

    def keep(image) -> dict[str, str]:
        nonlocal budget
        with image.open() as stream:
            content = b"".join(_chunks(stream, budget, f"文档里的图片（每出现一次算一次）加起来超过 {_mb(MAX_IMPORT_BYTES)}"))
        budget -= len(content)
        content = known.setdefault(hashlib.sha256(content).hexdigest(), content)
        pictures.append((image.content_type or "", content))
        return {"src": str(len(pictures) - 1), "alt": image.alt_text or ""}

    try:  # the document's own style map could turn its paragraphs into any HTML: ours only
        result = mammoth.convert_to_html(io.BytesIO(data), style_map=STYLE_MAP, include_embedded_style_map=False,
                                         convert_image=mammoth.images.img_element(keep))
    except KeyError as exc:  # zipfile: "There is no item named 'word/media/image3.png' in the archive"
        missing = re.search(r"'([^']*)'", str(exc))
        raise DocxError(f"文档不完整，缺少它用到的 {missing[1] if missing else '部分'}") from exc
    except OSError as exc:  # mammoth: no main document part
        raise DocxError("文档里没有正文（word/document.xml）") from exc
    except ValueError as exc:  # mammoth: a linked (not embedded) picture, text not in UTF-8 …
        raise DocxError(f"文档的内容读不出来（{exc}）") from exc
    messages = []
    for message in result.messages:
        style = re.match(r"Unrecognised (paragraph|run) style: (.*?) \(Style ID", message.message)
        if style and style[1] == "run":
            continue  # character styles only change the look
        messages.append(clean(f"段落样式“{style[2]}”没有对应的格式，已按普通段落导入" if style
                               else f"mammoth 提示：{message.message}"))
    return result.value, messages, pictures
