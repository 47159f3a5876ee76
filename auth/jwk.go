package auth

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
)

// Algorithms accepted in tokens. Each key verifies exactly one algorithm, so
// a token cannot choose how its signature is checked (no "none", no HS256
// with an RSA public key as the secret).
const (
	algHS256 = "HS256"
	algRS256 = "RS256"
	algES256 = "ES256"
)

// minHMACSecret and minRSABits reject keys too weak to sign tokens.
const (
	minHMACSecret = 32
	minRSABits    = 2048
)

// verifyKey is one verification key, bound to its algorithm.
type verifyKey struct {
	kid    string
	alg    string
	secret []byte
	rsa    *rsa.PublicKey
	ec     *ecdsa.PublicKey
}

// jwk is a JSON Web Key (RFC 7517) as found in a JWKS document.
type jwk struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Alg string `json:"alg"`
	Use string `json:"use"`
	N   string `json:"n"`
	E   string `json:"e"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Y   string `json:"y"`
}

// parseJWKS reads the public keys of a JWKS document. Keys for encryption
// and of types this gateway does not verify are skipped; symmetric keys are
// refused (a published key set holds public keys only).
func parseJWKS(data []byte) ([]*verifyKey, error) {
	var doc struct {
		Keys []jwk `json:"keys"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("not a JWKS document: %v", err)
	}
	var out []*verifyKey
	for i, k := range doc.Keys {
		if k.Use != "" && k.Use != "sig" {
			continue
		}
		vk, err := k.verifyKey()
		if err != nil {
			return nil, fmt.Errorf("keys[%d] (kid %q): %v", i, k.Kid, err)
		}
		if vk != nil {
			out = append(out, vk)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no RS256 or ES256 signing keys")
	}
	return out, nil
}

func (k *jwk) verifyKey() (*verifyKey, error) {
	b64 := base64.RawURLEncoding
	switch k.Kty {
	case "RSA":
		if k.Alg != "" && k.Alg != algRS256 {
			return nil, nil
		}
		n, err1 := b64.DecodeString(k.N)
		e, err2 := b64.DecodeString(k.E)
		if err1 != nil || err2 != nil || len(e) == 0 || len(e) > 4 {
			return nil, errors.New("bad RSA modulus or exponent")
		}
		pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
		if pub.N.BitLen() < minRSABits {
			return nil, fmt.Errorf("RSA key of %d bits is too small (at least %d)", pub.N.BitLen(), minRSABits)
		}
		return &verifyKey{kid: k.Kid, alg: algRS256, rsa: pub}, nil
	case "EC":
		if k.Crv != "P-256" || (k.Alg != "" && k.Alg != algES256) {
			return nil, nil
		}
		x, err1 := b64.DecodeString(k.X)
		y, err2 := b64.DecodeString(k.Y)
		if err1 != nil || err2 != nil || len(x) != 32 || len(y) != 32 {
			return nil, errors.New("bad P-256 coordinates")
		}
		raw := append(append([]byte{4}, x...), y...)
		pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), raw)
		if err != nil {
			return nil, errors.New("the point is not on P-256")
		}
		return &verifyKey{kid: k.Kid, alg: algES256, ec: pub}, nil
	case "oct":
		return nil, errors.New("symmetric keys do not belong in a key set; configure HS256 secrets under keys")
	}
	return nil, nil
}

// readPublicKeyFile reads a PEM public key for alg.
func readPublicKeyFile(path, alg string) (*verifyKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	blk, _ := pem.Decode(data)
	if blk == nil {
		return nil, errors.New("no PEM block")
	}
	var pub any
	switch blk.Type {
	case "PUBLIC KEY":
		pub, err = x509.ParsePKIXPublicKey(blk.Bytes)
	case "RSA PUBLIC KEY":
		pub, err = x509.ParsePKCS1PublicKey(blk.Bytes)
	case "CERTIFICATE":
		var c *x509.Certificate
		if c, err = x509.ParseCertificate(blk.Bytes); err == nil {
			pub = c.PublicKey
		}
	default:
		return nil, fmt.Errorf("PEM block %q is not a public key or certificate", blk.Type)
	}
	if err != nil {
		return nil, err
	}
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if alg != algRS256 {
			return nil, fmt.Errorf("an RSA key verifies RS256, not %s", alg)
		}
		if k.N.BitLen() < minRSABits {
			return nil, fmt.Errorf("RSA key of %d bits is too small (at least %d)", k.N.BitLen(), minRSABits)
		}
		return &verifyKey{alg: alg, rsa: k}, nil
	case *ecdsa.PublicKey:
		if alg != algES256 || k.Curve != elliptic.P256() {
			return nil, fmt.Errorf("an EC key verifies ES256 on P-256 only")
		}
		return &verifyKey{alg: alg, ec: k}, nil
	}
	return nil, fmt.Errorf("unsupported public key type %T", pub)
}
