/* A thin C layer over libpng that turns libpng's longjmp error reporting into return codes,
 * so that Swift (which cannot survive a longjmp through its frames) can throw instead. */
#ifndef PNGSHIM_H
#define PNGSHIM_H
#include <stddef.h>
#include <stdint.h>

/* What a decoded PNG holds after expansion (palette -> RGB, low bit depths -> 8, tRNS -> alpha). */
typedef struct {
    int width;
    int height;
    int channels;  /* 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA */
    int bitDepth;  /* 8 or 16 (16-bit samples are big-endian, as in the file) */
    int colorType; /* the file's PNG colour type (0, 2, 3, 4, 6) */
    int fileBitDepth; /* the file's bit depth (1, 2, 4, 8, 16) */
} pngshim_info;

/* Decodes a PNG held in memory. On success returns 0 and sets *pixels to a malloc'd buffer of
 * height * width * channels * (bitDepth / 8) bytes, rows top to bottom (free it with pngshim_free).
 * On failure returns -1, writes a message into err (at most errlen bytes, NUL-terminated) and
 * leaves *pixels NULL. Never prints. */
int pngshim_decode(const unsigned char *data, size_t size, pngshim_info *info, unsigned char **pixels,
                   char *err, size_t errlen);

/* Encodes 8-bit interleaved samples (channels 1 = grey, 3 = RGB) as a PNG in memory.
 * On success returns 0 and sets *out / *outSize to a malloc'd buffer (free it with pngshim_free);
 * on failure returns -1 with a message in err. Never prints. */
int pngshim_encode(const unsigned char *pixels, int width, int height, int channels,
                   unsigned char **out, size_t *outSize, char *err, size_t errlen);

/* Frees a buffer returned by this shim. */
void pngshim_free(void *p);

#endif
