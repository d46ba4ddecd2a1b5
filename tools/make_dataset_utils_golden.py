"""Writes tests/golden/dataset_utils.npz: what real TensorFlow 2.21 + tf-keras computes for
`tf.keras.utils.timeseries_dataset_from_array`, `tf.io.decode_png` / `decode_bmp` /
`decode_image` on hand-written files, `tf.io.encode_png`, and `image_dataset_from_directory`.

Run with the TensorFlow reference environment (CI only reads the file):

    TF_USE_LEGACY_KERAS=1 TF_CPP_MIN_LOG_LEVEL=3 ~/tfref/bin/python tools/make_dataset_utils_golden.py

The PNG and BMP files are written here byte by byte (every PNG colour type and bit depth, each
row with a chosen filter type, Adam7 interlacing, palettes with tRNS; BMPs of 24 and 32 bits,
bottom-up and top-down), so the decoder is checked against files numtf did not write. Arrays:
- "ts/<case>/data", "targets", "x", "y", "sizes": a timeseries case (the batches concatenated, and
  their sizes); errors as "ts/<case>/error" (type and message) in the JSON;
- "png/<case>/bytes" and "png/<case>/c<channels>_<dtype>" the decodes (or an error in the JSON);
- "bmp/<case>/bytes" and "bmp/<case>/c<channels>";
- "enc/<case>/image" and "enc/<case>/bytes": TF's encode_png;
- "dir/<file>": the bytes of the image tree, "img/<case>/x" and "y": image_dataset_from_directory
  with shuffle=False.
The case lists and errors are stored as JSON under "cases".
"""
import json
import os
import shutil
import struct
import tempfile
import zlib

import numpy as np

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "dataset_utils.npz")

TS_CASES = [
    ("basic", dict(n=20, feat=None, targets=True, sequence_length=4, batch_size=3)),
    ("stride_rate", dict(n=30, feat=2, targets=True, sequence_length=3, sequence_stride=2, sampling_rate=3,
                         batch_size=4)),
    ("start_end", dict(n=20, feat=None, targets=True, sequence_length=4, sequence_stride=2, sampling_rate=2,
                       batch_size=3, start_index=2, end_index=17)),
    ("no_targets_unbatched", dict(n=10, feat=3, targets=False, sequence_length=3, batch_size=None)),
    ("short_targets", dict(n=10, feat=None, targets="short", sequence_length=3, batch_size=2)),
    ("too_long", dict(n=5, feat=None, targets=True, sequence_length=6, batch_size=2)),
    ("float32_list", dict(n=12, feat=None, targets=True, sequence_length=5, batch_size=128, as_list=True)),
    ("end_index_zero", dict(n=10, feat=None, targets=False, sequence_length=3, end_index=0)),
    ("err_rate", dict(n=10, targets=False, sequence_length=3, sampling_rate=0)),
    ("err_stride", dict(n=10, targets=False, sequence_length=3, sequence_stride=0)),
    ("err_start_neg", dict(n=10, targets=False, sequence_length=3, start_index=-1)),
    ("err_start_big", dict(n=10, targets=False, sequence_length=3, start_index=10)),
    ("err_end_big", dict(n=10, targets=False, sequence_length=3, end_index=10)),
    ("err_end_before_start", dict(n=10, targets=False, sequence_length=3, start_index=5, end_index=3)),
    ("err_targets_long", dict(n=10, targets="long", sequence_length=3)),
]


def ts_inputs(c):
    n, feat = c["n"], c.get("feat")
    data = np.arange(n * (feat or 1), dtype=np.float64 if feat else np.int64).reshape((n, feat) if feat else (n,))
    targets = None
    if c["targets"] is True:
        targets = np.arange(n) * 10
    elif c["targets"] == "short":
        targets = np.arange(3) * 10
    elif c["targets"] == "long":
        targets = np.arange(n + 2)
    if c.get("as_list"):
        data = [float(v) for v in range(n)]
        targets = [int(v) for v in range(n)]
    kwargs = {k: v for k, v in c.items() if k not in ("n", "feat", "targets", "as_list")}
    return data, targets, kwargs


# -- hand-written PNG files ------------------------------------------------------------------------
def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def filter_rows(rows, bpp, filters):
    """rows: list of bytes (one scanline each); filters: the filter type of each row (cycled)."""
    out, prev = bytearray(), bytes(len(rows[0])) if rows else b""
    for r, row in enumerate(rows):
        f = filters[r % len(filters)]
        out.append(f)
        for i, x in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            pred = (0, a, b, (a + b) // 2, paeth(a, b, c))[f]
            out.append((x - pred) & 255)
        prev = row
    return bytes(out)


ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))


def pack_rows(samples, depth):
    """samples (h, w*channels) ints -> list of scanline bytes at the bit depth."""
    rows = []
    for r in samples:
        if depth == 16:
            rows.append(np.asarray(r, ">u2").tobytes())
        elif depth == 8:
            rows.append(np.asarray(r, np.uint8).tobytes())
        else:
            bits = np.unpackbits(np.asarray(r, np.uint8)[:, None], axis=1)[:, 8 - depth:].reshape(-1)
            rows.append(np.packbits(bits).tobytes())
    return rows


def write_png(samples, color_type, depth, filters=(0, 1, 2, 3, 4), interlace=False, palette=None, trns=None,
              split_idat=False):
    """samples: (h, w, channels) ints in the file's sample range (palette indexes for type 3)."""
    h, w, ch = samples.shape
    bpp = max(1, ch * depth // 8)
    ihdr = struct.pack(">IIBBBBB", w, h, depth, color_type, 0, 0, 1 if interlace else 0)
    raw = b""
    if interlace:
        for x0, y0, dx, dy in ADAM7:
            sub = samples[y0::dy, x0::dx]
            if sub.size:
                raw += filter_rows(pack_rows(sub.reshape(sub.shape[0], -1), depth), bpp, filters)
    else:
        raw = filter_rows(pack_rows(samples.reshape(h, -1), depth), bpp, filters)
    body = zlib.compress(raw, 6)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"tEXt", b"Comment\x00numtf test")
    if palette is not None:
        out += chunk(b"PLTE", np.asarray(palette, np.uint8).tobytes())
    if trns is not None:
        out += chunk(b"tRNS", trns)
    if split_idat:
        half = len(body) // 2
        out += chunk(b"IDAT", body[:half]) + chunk(b"IDAT", body[half:])
    else:
        out += chunk(b"IDAT", body)
    return out + chunk(b"IEND", b"")


def png_cases(rng):
    cases = {}
    chans = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
    for ct, depths in ((0, (1, 2, 4, 8, 16)), (2, (8, 16)), (3, (1, 2, 4, 8)), (4, (8, 16)), (6, (8, 16))):
        for depth in depths:
            h, w = 5, 7
            top = (1 << depth) if ct != 3 else min(1 << depth, 6)
            samples = rng.integers(0, top, (h, w, chans[ct]))
            palette = rng.integers(0, 256, (6, 3)) if ct == 3 else None
            cases[f"ct{ct}_d{depth}"] = write_png(samples, ct, depth, palette=palette)
            if depth in (8, 16) or ct == 3:
                cases[f"ct{ct}_d{depth}_interlaced"] = write_png(samples, ct, depth, interlace=True,
                                                                 palette=palette, filters=(4, 3, 1, 2, 0))
    idx = rng.integers(0, 6, (4, 9, 1))
    pal = rng.integers(0, 256, (6, 3))
    cases["ct3_trns"] = write_png(idx, 3, 8, palette=pal, trns=bytes([0, 128, 255]))
    g = rng.integers(0, 256, (3, 4, 1))
    g[0, 0] = 7
    cases["ct0_trns"] = write_png(g, 0, 8, trns=struct.pack(">H", 7))
    rgb = rng.integers(0, 256, (3, 4, 3))
    rgb[1, 1] = (1, 2, 3)
    cases["ct2_trns"] = write_png(rgb, 2, 8, trns=struct.pack(">HHH", 1, 2, 3))
    big = rng.integers(0, 256, (40, 33, 3))
    cases["rgb_big_paeth"] = write_png(big, 2, 8, filters=(4,), split_idat=True)
    smooth = (np.add.outer(np.arange(20), np.arange(17))[:, :, None] * np.array([3, 5, 7])) % 256
    cases["rgb_smooth_avg"] = write_png(smooth, 2, 8, filters=(3, 3, 1))
    tiny = np.array([[[200, 10, 30, 90]]])
    cases["rgba_1x1_interlaced"] = write_png(tiny, 6, 8, interlace=True)
    return cases


# -- hand-written BMP files ------------------------------------------------------------------------
def write_bmp(pixels, bits, top_down=False):
    """pixels (h, w, 3 or 4) uint8 RGB(A): a BITMAPINFOHEADER file, BGR(A) rows padded to 4 bytes."""
    h, w, _ = pixels.shape
    row_bytes = (w * bits // 8 + 3) & ~3
    order = range(h) if top_down else range(h - 1, -1, -1)
    data = bytearray()
    for r in order:
        px = pixels[r][:, [2, 1, 0, 3] if bits == 32 else [2, 1, 0]].astype(np.uint8).tobytes()
        data += px + bytes(row_bytes - len(px))
    header = struct.pack("<IiiHHIIiiII", 40, w, -h if top_down else h, 1, bits, 0, len(data), 2835, 2835, 0, 0)
    return b"BM" + struct.pack("<IHHI", 14 + 40 + len(data), 0, 0, 54) + header + bytes(data)


def bmp_cases(rng):
    return {
        "rgb24": write_bmp(rng.integers(0, 256, (5, 7, 3)), 24),
        "rgb24_topdown": write_bmp(rng.integers(0, 256, (4, 6, 3)), 24, top_down=True),
        "rgb24_w1": write_bmp(rng.integers(0, 256, (3, 1, 3)), 24),
        "rgba32": write_bmp(rng.integers(0, 256, (3, 5, 4)), 32),
    }


IMG_CASES = [
    ("default", dict(image_size=(6, 8), batch_size=4)),
    ("gray_bmp_error", dict(image_size=(5, 5), color_mode="grayscale", batch_size=None)),
    ("gray_nearest", dict(image_size=(5, 5), color_mode="grayscale", interpolation="nearest", batch_size=None,
                          labels=None), "dogs/Sub"),
    ("rgba_crop", dict(image_size=(4, 9), color_mode="rgba", crop_to_aspect_ratio=True, batch_size=3)),
    ("categorical_bicubic_like", dict(image_size=(3, 3), label_mode="categorical", batch_size=2)),
    ("binary_crop", dict(image_size=(7, 4), label_mode="binary", crop_to_aspect_ratio=True, class_names=["dogs", "cats"])),
    ("no_labels", dict(image_size=(4, 4), labels=None, batch_size=5)),
]


def image_tree(rng, png_bytes_of):
    """{relative path: bytes}: two classes of PNGs (rgb, gray, rgba, palette, 16-bit) and BMPs."""
    files = {}
    kinds = [("ct2_d8", 2, 8, 3), ("ct0_d8", 0, 8, 1), ("ct6_d8", 6, 8, 4), ("ct0_d16", 0, 16, 1)]
    for cls in ("cats", "dogs"):
        for i, (kind, ct, depth, ch) in enumerate(kinds):
            h, w = int(rng.integers(5, 12)), int(rng.integers(5, 12))
            files[f"{cls}/img{i}.png"] = write_png(rng.integers(0, 1 << depth, (h, w, ch)), ct, depth)
        files[f"{cls}/pic.bmp"] = write_bmp(rng.integers(0, 256, (9, 6, 3)), 24)
        files[f"{cls}/notes.txt"] = b"not an image"
    files["dogs/Sub/UPPER.PNG"] = write_png(rng.integers(0, 256, (6, 10, 3)), 2, 8)
    return files


def main():
    import tensorflow as tf
    rng = np.random.default_rng(2031)
    data, meta = {}, {"ts": {}, "png": {}, "bmp": {}, "enc": [], "img": {}}
    # timeseries
    for name, c in TS_CASES:
        d, t, kwargs = ts_inputs(c)
        data[f"ts/{name}/data"] = np.asarray(d)
        if t is not None:
            data[f"ts/{name}/targets"] = np.asarray(t)
        entry = {"kwargs": kwargs, "targets": t is not None, "as_list": bool(c.get("as_list"))}
        try:
            ds = tf.keras.utils.timeseries_dataset_from_array(d, t, **kwargs)
        except Exception as e:  # noqa: BLE001 - recorded as the expected error
            entry["error"] = [type(e).__name__, str(e)]
            meta["ts"][name] = entry
            continue
        spec = ds.element_spec
        specs = spec if isinstance(spec, tuple) else (spec,)
        entry["spec"] = [[s.shape.as_list(), s.dtype.name] for s in specs]
        entry["cardinality"] = int(ds.cardinality())
        xs, ys, sizes = [], [], []
        for el in ds:
            el = el if isinstance(el, tuple) else (el,)
            xs.append(el[0].numpy())
            sizes.append(len(el[0]) if kwargs.get("batch_size", 128) is not None else 1)
            if len(el) > 1:
                ys.append(el[1].numpy())
        if kwargs.get("batch_size", 128) is None:
            xs = [x[None] for x in xs]
            ys = [y[None] for y in ys]
        data[f"ts/{name}/x"] = np.concatenate(xs) if xs else np.zeros((0,))
        if ys:
            data[f"ts/{name}/y"] = np.concatenate(ys)
        data[f"ts/{name}/sizes"] = np.asarray(sizes, np.int64)
        meta["ts"][name] = entry
    # PNG decodes
    for name, b in png_cases(rng).items():
        data[f"png/{name}/bytes"] = np.frombuffer(b, np.uint8)
        results = {}
        for channels in (0, 1, 3, 4):
            for dtype in ("uint8", "uint16"):
                key = f"c{channels}_{dtype}"
                try:
                    data[f"png/{name}/{key}"] = tf.io.decode_png(b, channels=channels, dtype=dtype).numpy()
                    results[key] = "ok"
                except Exception as e:  # noqa: BLE001
                    results[key] = [type(e).__name__, str(e)]
        img = tf.io.decode_image(b, expand_animations=False).numpy()
        data[f"png/{name}/decode_image"] = img
        meta["png"][name] = results
    for name, b in bmp_cases(rng).items():
        data[f"bmp/{name}/bytes"] = np.frombuffer(b, np.uint8)
        results = {}
        for channels in (0, 1, 3, 4):
            try:
                data[f"bmp/{name}/c{channels}"] = tf.io.decode_bmp(b, channels=channels).numpy()
                results[f"c{channels}"] = "ok"
            except Exception as e:  # noqa: BLE001
                results[f"c{channels}"] = [type(e).__name__, str(e)]
        data[f"bmp/{name}/decode_image"] = tf.io.decode_image(b).numpy()
        meta["bmp"][name] = results
    # TF's encoder
    for name, shape, dtype in (("gray8", (6, 5, 1), "uint8"), ("ga8", (4, 4, 2), "uint8"), ("rgb8", (9, 11, 3), "uint8"),
                               ("rgba8", (3, 7, 4), "uint8"), ("rgb16", (5, 4, 3), "uint16"),
                               ("gray16", (2, 3, 1), "uint16")):
        top = 256 if dtype == "uint8" else 65536
        img = rng.integers(0, top, shape).astype(dtype)
        if name == "rgb8":  # something compressible, so libpng picks real filters
            img = ((np.add.outer(np.arange(9), np.arange(11))[:, :, None] * [2, 3, 5]) % 256).astype(dtype)
        data[f"enc/{name}/image"] = img
        data[f"enc/{name}/bytes"] = np.frombuffer(tf.io.encode_png(img).numpy(), np.uint8)
        meta["enc"].append(name)
    # image_dataset_from_directory
    files = image_tree(rng, None)
    root = tempfile.mkdtemp()
    try:
        for rel, b in files.items():
            data[f"dir/{rel}"] = np.frombuffer(b, np.uint8)
            os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
            with open(os.path.join(root, rel), "wb") as f:
                f.write(b)
        for name, kwargs, *sub in IMG_CASES:
            top = os.path.join(root, *sub)
            ds = tf.keras.utils.image_dataset_from_directory(top, shuffle=False, **kwargs)
            spec = ds.element_spec
            specs = spec if isinstance(spec, tuple) else (spec,)
            entry = {"kwargs": kwargs, "spec": [[s.shape.as_list(), s.dtype.name] for s in specs],
                     "class_names": ds.class_names, "file_paths": [os.path.relpath(p, top) for p in ds.file_paths], "sub": sub,
                     "cardinality": int(ds.cardinality())}
            xs, ys = [], []
            try:
                elements = list(ds)
            except Exception as e:  # noqa: BLE001
                entry["error"] = [type(e).__name__, str(e)]
                meta["img"][name] = entry
                continue
            for el in elements:
                el = el if isinstance(el, tuple) else (el,)
                xs.append(el[0].numpy() if kwargs.get("batch_size", 32) is not None else el[0].numpy()[None])
                if len(el) > 1:
                    ys.append(el[1].numpy() if kwargs.get("batch_size", 32) is not None else el[1].numpy()[None])
            data[f"img/{name}/x"] = np.concatenate(xs)
            if ys:
                data[f"img/{name}/y"] = np.concatenate(ys)
            meta["img"][name] = entry
    finally:
        shutil.rmtree(root)
    data["cases"] = np.asarray(json.dumps(meta))
    np.savez_compressed(OUT, **data)
    print("wrote", OUT, len(data), "arrays")


if __name__ == "__main__":
    main()
