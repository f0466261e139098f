package files

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// realJPEG and realPNG are images encoded by the standard library: the
// detector must take what a camera or a screenshot tool writes.
func realJPEG(t *testing.T) []byte {
	var b bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img.Set(1, 1, color.RGBA{200, 10, 10, 255})
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func realPNG(t *testing.T) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestDetectTakesPhotosScansAndPDFs(t *testing.T) {
	for name, tc := range map[string]struct {
		head []byte
		want string
	}{
		"jpeg":      {realJPEG(t), "image/jpeg"},
		"png":       {realPNG(t), "image/png"},
		"webp":      {[]byte("RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00"), "image/webp"},
		"heic":      {[]byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), "image/heic"},
		"tiff (II)": {[]byte("II*\x00\x08\x00\x00\x00"), "image/tiff"},
		"tiff (MM)": {[]byte("MM\x00*\x00\x00\x00\x08"), "image/tiff"},
		"pdf":       {[]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), "application/pdf"},
	} {
		t.Run(name, func(t *testing.T) {
			got, ok := Detect(tc.head)
			if !ok || got.Media != tc.want {
				t.Fatalf("Detect = %v, %v; want %s", got, ok, tc.want)
			}
		})
	}
}

// TestDetectRefusesTheRest: what a browser could run or render as a page,
// office files and archives, video, plain text, nothing at all: refused
// whatever name or Content-Type they would come with, which Detect never
// sees.
func TestDetectRefusesTheRest(t *testing.T) {
	for name, head := range map[string][]byte{
		"html":             []byte("<!DOCTYPE html><html><script>alert(1)</script>"),
		"html after space": []byte("  \n<html><body>"),
		"svg":              []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`),
		"javascript":       []byte("alert(document.cookie)"),
		"zip (docx, xlsx)": []byte("PK\x03\x04\x14\x00\x06\x00"),
		"gif":              []byte("GIF89a\x01\x00\x01\x00"),
		"mp4":              []byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"),
		"avif":             []byte("\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1"),
		"exe":              []byte("MZ\x90\x00\x03\x00\x00\x00"),
		"text":             []byte("just some notes"),
		"empty":            nil,
		"pdf later":        []byte("junk%PDF-1.7"),
	} {
		t.Run(name, func(t *testing.T) {
			if got, ok := Detect(head); ok {
				t.Fatalf("Detect accepted it as %s", got.Media)
			}
		})
	}
}

func TestCleanName(t *testing.T) {
	pdf := Type{"application/pdf", ".pdf"}
	for given, want := range map[string]string{
		"statement.pdf":                 "statement.pdf",
		"scan.html":                     "scan.pdf", // the content's extension, never the given one
		`C:\Users\x\Desktop\raid 1.PDF`: "raid 1.pdf",
		"../../etc/passwd":              "passwd.pdf",
		"a\"b;c\r\nd.pdf":               "a_b_c__d.pdf",
		"":                              "file.pdf",
		"...":                           "file.pdf",
		"Pasaporte_Núñez.pdf":           "Pasaporte_Núñez.pdf",
	} {
		if got := CleanName(given, pdf); got != want {
			t.Errorf("CleanName(%q) = %q, want %q", given, got, want)
		}
	}
}
