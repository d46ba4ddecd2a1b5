"""Files and image codecs: `tf.io.read_file` / `write_file`, `tf.io.decode_png` / `encode_png`,
`tf.io.decode_bmp`, `tf.io.decode_image` (PNG and BMP, told apart by their signatures).

Encoded images are scalar string tensors (a 0-d object array holding `bytes`). The codecs are
written here on NumPy and zlib, following the PNG specification and what TensorFlow (libpng)
outputs: low bit depths are scaled up to 8 bits, palettes expanded (to RGBA when the file has a
tRNS chunk), 16-bit samples become 8-bit by keeping the high byte, RGB becomes gray with the
weights TF gives libpng, (9797, 19234, 3737) / 32768. numtf does not decode JPEG, GIF or WebP:
those raise an `InvalidArgumentError` saying so.

Each op runs eagerly on the NumPy value and as a stateless NumPy-function node in graphs (so
`Dataset.map(tf.io.decode_png)` works); none is differentiable.

    >>> png = tf.io.encode_png(tf.zeros([2, 3, 3], tf.uint8))
    >>> tf.io.decode_png(png).shape
    TensorShape([2, 3, 3])
"""
import os
import struct
import zlib

import numpy as np

from ..framework import dtypes
from ..framework.context import ctx
from ..framework.errors import (FailedPreconditionError, InternalError, InvalidArgumentError, NotFoundError,
                                PermissionDeniedError)
from ..framework.tensor_shape import TensorShape
from ..util.atomic import atomic_write
from .convert import convert_to_tensor
from .script_ops import numpy_function

__all__ = []  # public names live in tf.io (and tf.image for the codecs)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_UNKNOWN_FORMAT = "Unknown image file format. One of JPEG, JPEG XL, PNG, GIF, BMP, WebP required."
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))
_GRAY_WEIGHTS = (9797, 19234, 3737)  # libpng's rgb_to_gray fixed point (0.299, 0.587, 0.114) * 32768


def _err(op, msg, cls=InvalidArgumentError):
    return cls(None, op, f"{msg} [Op:{op}]")


def _string_scalar(x, op, what="contents"):
    t = convert_to_tensor(x, dtypes.string)
    if t.dtype is not dtypes.string:
        raise TypeError(f"{op}: expected a string tensor, got {t.dtype.name}")
    if t.shape.rank is not None and t.shape.rank != 0:
        if op == "ReadFile":
            raise _err(op, f"Input filename tensor must be scalar, but had shape: {t.shape.as_list()}")
        if op == "WriteFile":
            raise _err(op, f"{what} must be scalar, but had shape: {t.shape.as_list()}")
        raise _err(op, f"`{what}` must be scalar but got shape{t.shape.as_list()}")
    return t


def _bytes(v):
    v = v[()] if isinstance(v, np.ndarray) else v
    return v if isinstance(v, bytes) else str(v).encode()


def _run(fn, inputs, dtype, shape):
    out = numpy_function(fn, inputs, dtype, stateful=False)
    if shape is not None and isinstance(out.shape, TensorShape) and out.shape.rank is None:
        out.set_shape(TensorShape(shape))
    return out


# -- files -----------------------------------------------------------------------------------------
def _read(path):
    name = path.decode("utf-8", errors="replace")
    try:
        with open(name, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        raise _err("ReadFile", f"{name}; No such file or directory", NotFoundError) from None
    except IsADirectoryError:
        raise _err("ReadFile", f"{name}; Is a directory", FailedPreconditionError) from None
    except PermissionError:
        raise _err("ReadFile", f"{name}; Permission denied", PermissionDeniedError) from None
    return np.asarray(data, dtype=object)


def read_file(filename, name=None):
    """The whole contents of the file `filename` as a scalar string tensor."""
    t = _string_scalar(filename, "ReadFile")
    return _run(lambda p: _read(_bytes(p)), [t], dtypes.string, [])


def write_file(filename, contents, name=None):
    """Writes the scalar string `contents` to the file `filename` (creating or replacing it). Eagerly
    returns None."""
    f = _string_scalar(filename, "WriteFile", "filename")
    c = _string_scalar(contents, "WriteFile", "contents")

    def write(p, data):
        path = _bytes(p).decode()
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with atomic_write(path) as fh:  # a crash never leaves a half-written file
            fh.write(_bytes(data))
        return np.zeros((0,), np.int32)
    out = numpy_function(write, [f, c], dtypes.int32, stateful=True)
    return None if ctx.graph is None else out


# -- PNG decoding --------------------------------------------------------------------------------------
def _unfilter(raw, h, row_bytes, bpp, op):
    """Undoes the PNG filters of one (sub-)image: raw is h * (1 + row_bytes) bytes. Rows with only
    None/Sub/Up filters go row by row (vectorized); Average and Paeth depend on the left neighbour,
    so those images go by anti-diagonals of (row, pixel) cells, every cell of one diagonal at once."""
    need = h * (row_bytes + 1)
    if len(raw) < need:
        raise _err(op, "Invalid PNG data, size " + str(len(raw)))
    a = np.frombuffer(raw, np.uint8, need).reshape(h, row_bytes + 1)
    ftypes, data = a[:, 0].astype(np.int64), a[:, 1:]
    if np.any(ftypes > 4):
        raise _err(op, "Invalid PNG data: bad filter type")
    w = row_bytes // bpp
    if not np.any(ftypes >= 3):
        out = np.empty((h, row_bytes), np.uint8)
        prev = np.zeros(row_bytes, np.uint8)
        for r in range(h):
            row, f = data[r], ftypes[r]
            if f == 1:
                row = np.cumsum(row.reshape(w, bpp), axis=0, dtype=np.uint64).astype(np.uint8).reshape(-1)
            elif f == 2:
                row = row + prev
            out[r] = row
            prev = out[r]
        return out
    cells = data.reshape(h, w, bpp).astype(np.int32)
    out = np.zeros((h + 1, w + 1, bpp), np.int32)  # a zero row above and a zero column on the left
    for d in range(h + w - 1):
        r = np.arange(max(0, d - w + 1), min(h, d + 1))
        p = d - r
        left, up, ul = out[r + 1, p], out[r, p + 1], out[r, p]
        f = ftypes[r][:, None]
        pa, pb, pc = np.abs(up - ul), np.abs(left - ul), np.abs(left + up - 2 * ul)
        paeth = np.where((pa <= pb) & (pa <= pc), left, np.where(pb <= pc, up, ul))
        pred = np.where(f == 1, left, np.where(f == 2, up, np.where(f == 3, (left + up) >> 1,
                                                                   np.where(f == 4, paeth, 0))))
        out[r + 1, p + 1] = (cells[r, p] + pred) & 255
    return out[1:, 1:].reshape(h, row_bytes).astype(np.uint8)


def _unpack(rows, width, samples, depth):
    """Filtered-out scanlines (h, row_bytes) -> samples (h, width * samples) as uint8/uint16."""
    h = rows.shape[0]
    if depth == 16:
        return rows.reshape(h, -1).view(">u2")[:, :width * samples].astype(np.uint16)
    if depth == 8:
        return rows[:, :width * samples]
    bits = np.unpackbits(rows, axis=1).reshape(h, -1, depth)[:, :width * samples]
    weights = (1 << np.arange(depth - 1, -1, -1)).astype(np.uint8)
    return (bits * weights).sum(axis=2).astype(np.uint8)


def _parse_png(data, op):
    if len(data) < 8 or data[:8] != PNG_SIGNATURE:
        raise _err(op, _UNKNOWN_FORMAT)
    pos, ihdr, plte, trns, idat = 8, None, None, None, []
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if len(body) < length:
            break
        pos += 12 + length
        if kind == b"IHDR":
            ihdr = body
        elif kind == b"PLTE":
            plte = body
        elif kind == b"tRNS":
            trns = body
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if ihdr is None or len(ihdr) < 13:
        raise _err(op, "Invalid PNG. Failed to initialize decoder.")
    width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", ihdr[:13])
    allowed = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
    if ctype not in allowed or depth not in allowed[ctype] or width == 0 or height == 0:
        raise _err(op, "Invalid PNG header, data size " + str(len(data)))
    if ctype == 3 and plte is None:
        raise _err(op, "Invalid PNG data, size " + str(len(data)))
    try:
        raw = zlib.decompressobj().decompress(b"".join(idat))
    except zlib.error:
        raise _err(op, "Invalid PNG data, size " + str(len(data))) from None
    return width, height, depth, ctype, interlace, plte, trns, raw


def _png_samples(data, op):
    """(image (h, w, c) uint8 or uint16 in the file's channels, with palettes expanded and low bit
    depths scaled to 8 bits; the bit depth (8 or 16); the alpha an added alpha channel gets: the
    maximum, or what libpng's filler becomes at low bit depths (2^depth - 1, unscaled), or per pixel
    0/maximum from a gray or RGB file's tRNS colour)."""
    width, height, depth, ctype, interlace, plte, trns, raw = _parse_png(data, op)
    nsamp = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[ctype]
    bpp = max(1, nsamp * depth // 8)

    def row_bytes(w):
        return (w * nsamp * depth + 7) // 8

    if not interlace:
        rows = _unfilter(raw, height, row_bytes(width), bpp, op)
        img = _unpack(rows, width, nsamp, depth).reshape(height, width, nsamp)
    else:
        img = np.zeros((height, width, nsamp), np.uint16 if depth == 16 else np.uint8)
        pos = 0
        for x0, y0, dx, dy in _ADAM7:
            w, h = (width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy
            if w <= 0 or h <= 0:
                continue
            n = h * (row_bytes(w) + 1)
            rows = _unfilter(raw[pos:pos + n], h, row_bytes(w), bpp, op)
            pos += n
            img[y0::dy, x0::dx] = _unpack(rows, w, nsamp, depth).reshape(h, w, nsamp)
    top = 65535 if depth == 16 else 255
    alpha = top if depth >= 8 else (1 << depth) - 1
    if ctype == 3:
        pal = np.frombuffer(plte, np.uint8)[:len(plte) // 3 * 3].reshape(-1, 3)
        idx = np.minimum(img[..., 0], len(pal) - 1)
        if trns is not None:
            a = np.full(len(pal), 255, np.uint8)
            t = np.frombuffer(trns, np.uint8)[:len(pal)]
            a[:len(t)] = t
            pal = np.concatenate([pal, a[:, None]], axis=1)
        return pal[idx], 8, alpha
    if trns is not None and ctype in (0, 2) and len(trns) >= 2 * nsamp:
        key = np.frombuffer(trns[:2 * nsamp], ">u2").astype(np.int64)
        alpha = np.where(np.all(img.astype(np.int64) == key, axis=-1), 0, 255 if depth < 16 else 65535)[..., None]
        alpha = alpha.astype(np.uint16 if depth == 16 else np.uint8)
    if depth < 8:  # gray: 0..2^d-1 scaled to 0..255
        img = (img * (255 // ((1 << depth) - 1))).astype(np.uint8)
        depth = 8
    return img, depth, alpha


def _to_gray(rgb, depth):
    """libpng's rgb_to_gray without gamma: truncated at 8 bits, rounded at 16."""
    r, g, b = (rgb[..., i].astype(np.int64) for i in range(3))
    wr, wg, wb = _GRAY_WEIGHTS
    gray = (wr * r + wg * g + wb * b + (16384 if depth == 16 else 0)) >> 15
    return gray.astype(np.uint16 if depth == 16 else np.uint8)[..., None]


def _convert_channels(img, channels, depth, alpha=None):
    """The decoded image with `channels` channels (0: as in the file), as libpng converts them:
    alpha dropped without compositing, gray replicated, an added alpha channel `alpha`."""
    have = img.shape[-1]
    if channels == 0 or channels == have:
        return img
    if alpha is None:
        alpha = 65535 if depth == 16 else 255
    color = img[..., :3] if have >= 3 else np.repeat(img[..., :1], 3, axis=-1)
    if have in (2, 4):
        a = img[..., -1:]
    elif isinstance(alpha, np.ndarray):
        a = alpha.astype(img.dtype)
    else:
        a = np.full(img.shape[:-1] + (1,), alpha, img.dtype)
    if channels == 1:
        return img[..., :1] if have <= 2 else _to_gray(color, depth)
    if channels == 2:
        return np.concatenate([img[..., :1] if have <= 2 else _to_gray(color, depth), a], axis=-1)
    if channels == 3:
        return color
    return np.concatenate([color, a], axis=-1)


def _decode_png_array(data, channels, dtype, op="DecodePng"):
    img, depth, alpha = _png_samples(data, op)
    img = _convert_channels(img, channels, depth, alpha)
    if dtype is dtypes.uint8 and depth == 16:
        img = (img >> 8).astype(np.uint8)
    elif dtype is dtypes.uint16 and depth == 8:
        img = img.astype(np.uint16) * 257
    return np.ascontiguousarray(img, dtype.as_numpy_dtype)


def _check_channels(channels, op, allowed=(0, 1, 3, 4)):
    if channels not in allowed:
        if op in ("DecodeBmp",):
            raise _err(op, f"`channels` must be 0, 3 or 4 for BMP, but got {channels}")
        raise _err(op, f"`channels` must be 0, 1, 3 or 4 but got {channels}")


def decode_png(contents, channels=0, dtype=dtypes.uint8, name=None):
    """Decodes a PNG image (any colour type and bit depth, interlaced or not) into a uint8 or uint16
    tensor (height, width, channels); `channels` 0 keeps the file's (palettes become RGB, or RGBA
    with transparency), 1/3/4 convert."""
    dtype = dtypes.as_dtype(dtype)
    if dtype not in (dtypes.uint8, dtypes.uint16):
        raise InvalidArgumentError(None, "DecodePng", f"Value for attr 'dtype' of {_tf_name(dtype)} is not in the "
                                   "list of allowed values: uint8, uint16")
    channels = int(channels)
    _check_channels(channels, "DecodePng")
    t = _string_scalar(contents, "DecodePng")
    return _run(lambda b: _decode_png_array(_bytes(b), channels, dtype), [t], dtype,
                [None, None, channels or None])


def _tf_name(d):
    return {"float32": "float", "float64": "double"}.get(d.name, d.name)


# -- BMP ---------------------------------------------------------------------------------------------
def _decode_bmp_array(data, channels, op="DecodeBmp"):
    if data[:8] == PNG_SIGNATURE:
        raise _err(op, "Trying to decode PNG format using DecodeBmp op. Use `decode_png` or `decode_image` instead.")
    if len(data) < 34:
        raise _err(op, "Incomplete bmp content, requires at least 32 bytes to find the header size, width, height, "
                   f"and bpp, got {max(0, len(data) - 2)} bytes")
    if data[:2] != b"BM":
        raise _err(op, _UNKNOWN_FORMAT)
    offset, = struct.unpack("<I", data[10:14])
    _, width, height, _, bpp = struct.unpack("<IiiHH", data[14:30])
    compression = struct.unpack("<I", data[30:34])[0]
    if bpp not in (24, 32) or compression not in (0, 3):
        raise _err(op, f"numtf decodes only uncompressed 24- and 32-bit BMP files, got {bpp} bits per pixel "
                   f"(compression {compression})", InvalidArgumentError)
    top_down = height < 0
    h, w, ch = abs(height), width, bpp // 8
    row = (w * ch + 3) & ~3
    if offset + row * (h - 1) + w * ch > len(data) or w <= 0:
        raise _err(op, f"Input file is too short: {len(data)} bytes for a {w}x{h} image")
    rows = np.frombuffer(data, np.uint8, row * h if offset + row * h <= len(data) else row * (h - 1) + w * ch,
                         offset)
    rows = np.pad(rows, (0, row * h - rows.size)).reshape(h, row)[:, :w * ch].reshape(h, w, ch)
    if not top_down:
        rows = rows[::-1]
    img = rows[..., [2, 1, 0, 3][:ch]]
    if channels == 0 or channels == ch:
        return np.ascontiguousarray(img)
    if channels == 3:
        return np.ascontiguousarray(img[..., :3])
    return np.concatenate([img, np.full((h, w, 1), 255, np.uint8)], axis=-1)


def decode_bmp(contents, channels=0, name=None):
    """Decodes an uncompressed 24- or 32-bit BMP image into uint8 (height, width, channels);
    `channels` is 0 (the file's), 3 or 4."""
    channels = int(channels)
    _check_channels(channels, "DecodeBmp", (0, 3, 4))
    t = _string_scalar(contents, "DecodeBmp")
    return _run(lambda b: _decode_bmp_array(_bytes(b), channels), [t], dtypes.uint8,
                [None, None, channels or None])


# -- dispatch -------------------------------------------------------------------------------------------
def image_format(data):
    """'png', 'bmp', 'jpeg', 'gif', 'webp' or None, from the first bytes."""
    if data[:8] == PNG_SIGNATURE:
        return "png"
    if data[:2] == b"BM":
        return "bmp"
    if data[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def unsupported_format_message(kind, source=None):
    where = f" ({source})" if source else ""
    return (f"numtf cannot decode {kind.upper()} images{where}: it decodes PNG and BMP files only. "
            "Convert the images to PNG first.")


def decode_image_array(data, channels, op="DecodeImage", source=None):
    """A PNG or BMP file's bytes -> its decoded uint8/uint16 array (PNGs keep their bit depth)."""
    kind = image_format(data)
    if kind == "png":
        img, depth, alpha = _png_samples(data, op)
        return _convert_channels(img, channels, depth, alpha)
    if kind == "bmp":
        if channels not in (0, 3, 4):
            raise _err(op, f"`channels` must be 0, 3 or 4 for BMP, but got {channels}")
        return _decode_bmp_array(data, channels, op)
    if kind is None:
        raise _err(op, _UNKNOWN_FORMAT)
    raise _err(op, unsupported_format_message(kind, source), InvalidArgumentError)


def decode_image(contents, channels=None, dtype=dtypes.uint8, name=None, expand_animations=True):
    """Decodes a PNG or BMP image (told apart by its first bytes) into (height, width, channels) of
    `dtype` (uint8 by default; other dtypes rescale as `tf.image.convert_image_dtype`)."""
    dtype = dtypes.as_dtype(dtype)
    channels = int(channels or 0)
    _check_channels(channels, "DecodeImage")
    t = _string_scalar(contents, "DecodeImage")

    def kernel(b):
        img = decode_image_array(_bytes(b), channels)
        if img.dtype == np.uint16 and dtype is dtypes.uint8:
            return (img >> 8).astype(np.uint8)
        if dtype is dtypes.uint8:
            return img
        if dtype is dtypes.uint16:
            return img if img.dtype == np.uint16 else img.astype(np.uint16) * 257
        return _convert_dtype(img, dtype)
    out_dtype = dtype
    shape = None if expand_animations else [None, None, channels or None]
    return _run(kernel, [t], out_dtype, shape)


def _convert_dtype(img, dtype):
    from .image_basic_ops import convert_image_dtype
    from ..framework.tensor import wrap
    return convert_image_dtype(wrap(img, dtypes.from_numpy(img.dtype)), dtype)._value


def decode_jpeg(contents, channels=0, ratio=1, fancy_upscaling=True, try_recover_truncated=False,
                acceptable_fraction=1, dct_method="", name=None):
    """numtf has no JPEG decoder: raises `InvalidArgumentError` (convert the images to PNG)."""
    raise _err("DecodeJpeg", unsupported_format_message("jpeg"))


# -- PNG encoding -------------------------------------------------------------------------------------
def _filter_all(img_rows, bpp):
    """The five PNG filters of every row at once; picks per row the one with the smallest sum of
    absolute (signed) bytes, libpng's heuristic. img_rows (h, row_bytes) uint8 -> filtered bytes."""
    x = img_rows.astype(np.int32)
    h, n = x.shape
    left = np.zeros_like(x)
    left[:, bpp:] = x[:, :-bpp]
    up = np.zeros_like(x)
    up[1:] = x[:-1]
    ul = np.zeros_like(x)
    ul[1:, bpp:] = x[:-1, :-bpp]
    pa, pb, pc = np.abs(up - ul), np.abs(left - ul), np.abs(left + up - 2 * ul)
    paeth = np.where((pa <= pb) & (pa <= pc), left, np.where(pb <= pc, up, ul))
    cands = np.stack([x, x - left, x - up, x - ((left + up) >> 1), x - paeth]) & 255  # (5, h, n)
    signed = np.where(cands > 127, 256 - cands, cands).sum(axis=2)  # (5, h)
    best = np.argmin(signed, axis=0)
    out = np.empty((h, n + 1), np.uint8)
    out[:, 0] = best
    out[:, 1:] = cands[best, np.arange(h)]
    return out.tobytes()


def _png_chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff)


def encode_png_array(img, compression=-1):
    """(h, w, c) uint8/uint16 -> PNG bytes (colour type gray / gray+alpha / RGB / RGBA)."""
    h, w, c = img.shape
    depth = 16 if img.dtype == np.uint16 else 8
    ctype = {1: 0, 2: 4, 3: 2, 4: 6}[c]
    rows = np.ascontiguousarray(img.astype(">u2") if depth == 16 else img).reshape(h, -1).view(np.uint8)
    rows = rows.reshape(h, w * c * depth // 8)
    bpp = c * depth // 8
    level = 6 if compression is None or compression < 0 else min(int(compression), 9)
    body = zlib.compress(_filter_all(rows, bpp) if h and w else b"", level)
    return (PNG_SIGNATURE + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, 0))
            + _png_chunk(b"IDAT", body) + _png_chunk(b"IEND", b""))


def encode_png(image, compression=-1, name=None):
    """PNG-encodes a uint8 or uint16 image (height, width, channels) with 1-4 channels into a scalar
    string tensor (images with leading batch dimensions give a string tensor of that shape)."""
    t = convert_to_tensor(image)
    if t.dtype not in (dtypes.uint8, dtypes.uint16):
        raise InvalidArgumentError(None, "EncodePng", f"Value for attr 'T' of {_tf_name(t.dtype)} is not in the "
                                   "list of allowed values: uint8, uint16")
    rank = t.shape.rank
    if rank is not None and rank < 3:
        raise _err("EncodePng", f"images must be at least rank 3{t.shape.as_list()}")
    if rank is not None and t.shape[-1] is not None and not 1 <= t.shape[-1] <= 4:
        raise _err("EncodePng", f"image must have 1, 2, 3, or 4 channels, got {t.shape[-1]}")

    def kernel(a):
        a = np.asarray(a)
        lead = a.shape[:-3]
        flat = a.reshape((int(np.prod(lead)),) + a.shape[-3:])
        bad = [i for i, im in enumerate(flat) if im.shape[0] == 0 or im.shape[1] == 0]
        if bad:
            raise _err("EncodePng", "PNG encoding failed at the following flattened batch indices: "
                       + ", ".join(map(str, bad)), InternalError)
        out = np.empty(len(flat), object)
        for i, im in enumerate(flat):
            out[i] = encode_png_array(im, compression)
        return out.reshape(lead)
    shape = t.shape.as_list()[:-3] if rank is not None else None
    return _run(kernel, [t], dtypes.string, shape)
