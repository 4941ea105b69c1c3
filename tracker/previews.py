"""Previews of evidence files: a small JPEG made once at upload, which pages show instead of the original.

An image is measured from its header before anything is decoded (Pillow's ``Image.open`` reads only the
header) and refused above ``MAX_PIXELS``: a 500 KB PNG of 13000 x 13000 pixels would otherwise cost ~650 MB
each time a page drew it (issue 9). A PDF's preview is its first page, rendered by PDFium (Chromium's own PDF
engine) at a bounded size. Pure functions over bytes; nothing here touches the database.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps

MAX_PIXELS = 40_000_000  # 40 megapixels: more than any phone photo or scan at 600 dpi of an A3 page
PREVIEW_EDGE = 1000  # the longest side of a preview, in pixels
PREVIEW_QUALITY = 80

# Pillow's own guard, for any decode in this process: it warns above the limit and refuses above twice it.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def image_problem(data: bytes) -> str | None:
    """Why an image cannot be accepted (``"image_too_large"``, ``"image_unreadable"``), or None.

    Only the header is read: the pixel count is known before a single pixel is decoded.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
    except Image.DecompressionBombError:  # Pillow's own refusal above twice the limit
        return "image_too_large"
    except (OSError, ValueError, SyntaxError):
        return "image_unreadable"
    if too_many_pixels(width, height):
        return "image_too_large"
    return None


def too_many_pixels(width: int, height: int) -> bool:
    return width * height > MAX_PIXELS


def make_preview(data: bytes, media_type: str) -> bytes | None:
    """A JPEG of at most ``PREVIEW_EDGE`` pixels a side, or None when none can be made (unreadable, too large,
    a PDF without pages). Never decodes an image above ``MAX_PIXELS``."""
    try:
        if media_type.startswith("image/"):
            picture = _image(data)
        elif media_type == "application/pdf":
            picture = _first_page(data)
        else:
            return None
    except Exception:  # a preview is a convenience: whatever a hostile file does, the upload path decides
        return None
    if picture is None:
        return None
    picture.thumbnail((PREVIEW_EDGE, PREVIEW_EDGE))
    if picture.mode != "RGB":
        flat = Image.new("RGB", picture.size, "white")
        flat.paste(picture, mask=picture.getchannel("A") if "A" in picture.getbands() else None)
        picture = flat
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=PREVIEW_QUALITY, optimize=True)
    return out.getvalue()


def _image(data: bytes) -> Image.Image | None:
    image = Image.open(io.BytesIO(data))
    if too_many_pixels(*image.size):
        return None
    image.draft("RGB", (PREVIEW_EDGE, PREVIEW_EDGE))  # JPEG: decode at 1/2..1/8 scale, far cheaper
    image = ImageOps.exif_transpose(image)  # photos taken sideways show upright
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
    return image


def _first_page(data: bytes) -> Image.Image | None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        if len(document) == 0:
            return None
        page = document[0]
        width, height = page.get_size()  # points
        if width <= 0 or height <= 0:
            return None
        scale = min(PREVIEW_EDGE / max(width, height), 4.0)
        return page.render(scale=scale).to_pil().convert("RGB")
    finally:
        document.close()
