// Reads the 8-bit RGB or RGBA, non-interlaced PNG files that Chromium's
// screenshots are, so that a test can count the pixels of a colour.
import { inflateSync } from "node:zlib";

/** decodePNG returns {width, height, rgba} of an 8-bit RGB(A) PNG. */
export function decodePNG(buf) {
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error("not a PNG");
  let pos = 8, width = 0, height = 0, type = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const kind = buf.toString("ascii", pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (kind === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const depth = data[8], interlace = data[12];
      type = data[9];
      if (depth !== 8 || (type !== 2 && type !== 6) || interlace !== 0) {
        throw new Error(`PNG of depth ${depth}, colour type ${type}, interlace ${interlace}: not read here`);
      }
    } else if (kind === "IDAT") idat.push(data);
    else if (kind === "IEND") break;
    pos += 12 + len;
  }
  const bpp = type === 6 ? 4 : 3, stride = width * bpp;
  const raw = inflateSync(Buffer.concat(idat));
  const out = Buffer.alloc(width * height * 4);
  let prev = Buffer.alloc(stride), cur = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? cur[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
      let p = line[i];
      switch (filter) {
        case 1: p += a; break;
        case 2: p += b; break;
        case 3: p += (a + b) >> 1; break;
        case 4: {
          const pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - 2 * c);
          p += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
      }
      cur[i] = p & 0xff;
    }
    for (let x = 0; x < width; x++) {
      out[4 * (y * width + x)] = cur[x * bpp];
      out[4 * (y * width + x) + 1] = cur[x * bpp + 1];
      out[4 * (y * width + x) + 2] = cur[x * bpp + 2];
      out[4 * (y * width + x) + 3] = bpp === 4 ? cur[x * bpp + 3] : 255;
    }
    [prev, cur] = [cur, prev];
  }
  return { width, height, rgba: out };
}

/** countColour counts the pixels of img equal to [r, g, b]. */
export function countColour(img, [r, g, b]) {
  let n = 0;
  for (let i = 0; i < img.rgba.length; i += 4) {
    if (img.rgba[i] === r && img.rgba[i + 1] === g && img.rgba[i + 2] === b) n++;
  }
  return n;
}

/** distinctColours counts the different colours of img. */
export function distinctColours(img) {
  const seen = new Set();
  for (let i = 0; i < img.rgba.length; i += 4) {
    seen.add((img.rgba[i] << 16) | (img.rgba[i + 1] << 8) | img.rgba[i + 2]);
  }
  return seen.size;
}
