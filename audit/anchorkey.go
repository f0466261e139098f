package audit

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
)

// The key that signs anchors lives in a file outside the database, so that
// someone holding the database alone cannot sign a rewritten trail's head.
// A key file is either PEM ("PRIVATE KEY", PKCS #8, as `ocu audit keygen`
// and `openssl genpkey -algorithm ed25519` write it) or the raw 32-byte
// seed. A public key is given as the base64 of its 32 bytes (what keygen
// prints) or as PEM ("PUBLIC KEY", PKIX), in a file or on the command line.

// GenerateAnchorKey writes a new private key to path, readable by its owner
// only, refusing to overwrite a file that exists, and returns its public
// half.
func GenerateAnchorKey(path string) (ed25519.PublicKey, error) {
	pub, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("anchor key: %w (keygen never overwrites a key)", err)
	}
	if err := pem.Encode(f, &pem.Block{Type: "PRIVATE KEY", Bytes: der}); err != nil {
		f.Close()
		os.Remove(path)
		return nil, err
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return nil, err
	}
	return pub, nil
}

// LoadAnchorKey reads a private key file. A file others can read is
// refused, as ssh refuses one: whoever reads it can sign anchors.
func LoadAnchorKey(path string) (ed25519.PrivateKey, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("anchor key: %w", err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("anchor key %s can be read by others (mode %v): make it readable by its owner only (chmod 600 %s)", path, st.Mode().Perm(), path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("anchor key: %w", err)
	}
	if len(b) == ed25519.SeedSize {
		return ed25519.NewKeyFromSeed(b), nil
	}
	block, _ := pem.Decode(b)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("anchor key %s: neither a PEM private key nor a 32-byte Ed25519 seed", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("anchor key %s: %w", path, err)
	}
	key, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("anchor key %s: a %T, not an Ed25519 key", path, k)
	}
	return key, nil
}

// EncodePublicKey is the base64 of a public key's 32 bytes: the form
// keygen prints and --anchor-pub takes.
func EncodePublicKey(pub ed25519.PublicKey) string { return base64.StdEncoding.EncodeToString(pub) }

// ParsePublicKey reads a public key given as text: a file holding one, or
// the key itself, as base64 (standard or URL alphabet) or PEM.
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	text := []byte(strings.TrimSpace(s))
	if st, err := os.Stat(s); err == nil && st.Mode().IsRegular() {
		if text, err = os.ReadFile(s); err != nil {
			return nil, fmt.Errorf("anchor public key: %w", err)
		}
		text = bytes.TrimSpace(text)
	}
	if block, _ := pem.Decode(text); block != nil {
		k, err := x509.ParsePKIXPublicKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("anchor public key: %w", err)
		}
		if pub, ok := k.(ed25519.PublicKey); ok {
			return pub, nil
		}
		return nil, fmt.Errorf("anchor public key: a %T, not an Ed25519 key", k)
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(string(text)); err == nil && len(b) == ed25519.PublicKeySize {
			return ed25519.PublicKey(b), nil
		}
	}
	return nil, errors.New("anchor public key: give the base64 key `ocu audit keygen` printed, or a file holding it or a PEM public key")
}
