package websec

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"odatagw/config"
)

var ok = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) })

func serve(h http.Handler, method string, hdr ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "/odata/demo/Orders", nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestCORSOffByDefault(t *testing.T) {
	h := Wrap(ok, config.Security{})
	w := serve(h, "GET", "Origin", "https://evil.example")
	if w.Header().Get("Access-Control-Allow-Origin") != "" || w.Body.String() != "ok" {
		t.Fatalf("CORS headers without configuration: %v", w.Header())
	}
}

func TestCORSOrigins(t *testing.T) {
	h := Wrap(ok, config.Security{CORS: config.CORS{AllowedOrigins: []string{"https://app.example"}, MaxAge: 10 * time.Minute,
		AllowCredentials: true}})
	w := serve(h, "GET", "Origin", "https://app.example")
	if w.Header().Get("Access-Control-Allow-Origin") != "https://app.example" || w.Header().Get("Access-Control-Allow-Credentials") != "true" ||
		!strings.Contains(w.Header().Get("Access-Control-Expose-Headers"), "OData-Version") || w.Body.String() != "ok" {
		t.Fatalf("allowed origin: %v", w.Header())
	}
	w = serve(h, "GET", "Origin", "https://evil.example")
	if w.Header().Get("Access-Control-Allow-Origin") != "" || !strings.Contains(strings.Join(w.Header().Values("Vary"), ","), "Origin") {
		t.Fatalf("other origin: %v", w.Header())
	}
	// Preflights are answered without reaching the handler (no credentials).
	w = serve(h, "OPTIONS", "Origin", "https://app.example", "Access-Control-Request-Method", "GET",
		"Access-Control-Request-Headers", "authorization, odata-version")
	if w.Code != 204 || w.Header().Get("Access-Control-Allow-Methods") != "GET, HEAD" || w.Header().Get("Access-Control-Max-Age") != "600" ||
		!strings.Contains(w.Header().Get("Access-Control-Allow-Headers"), "Authorization") || w.Body.Len() != 0 {
		t.Fatalf("preflight: %d %v %q", w.Code, w.Header(), w.Body.String())
	}
	for _, c := range [][]string{
		{"Origin", "https://evil.example", "Access-Control-Request-Method", "GET"},
		{"Origin", "https://app.example", "Access-Control-Request-Method", "DELETE"},
		{"Origin", "https://app.example", "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "X-Evil"},
	} {
		if w := serve(h, "OPTIONS", c...); w.Code != 403 || w.Header().Get("Access-Control-Allow-Methods") != "" {
			t.Fatalf("%v: %d %v", c, w.Code, w.Header())
		}
	}
	star := Wrap(ok, config.Security{CORS: config.CORS{AllowedOrigins: []string{"*"}, AllowedMethods: []string{"get", "post"}}})
	if w := serve(star, "GET", "Origin", "https://any.example"); w.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("wildcard: %v", w.Header())
	}
	if w := serve(star, "OPTIONS", "Origin", "https://any.example", "Access-Control-Request-Method", "POST"); w.Code != 204 {
		t.Fatalf("configured method: %d", w.Code)
	}
}

func TestHSTS(t *testing.T) {
	tlsOn := config.TLS{CertFile: "c", KeyFile: "k", HSTS: config.HSTS{MaxAge: 365 * 24 * time.Hour, IncludeSubdomains: true}}
	w := serve(Wrap(ok, config.Security{TLS: tlsOn}), "GET")
	if got := w.Header().Get("Strict-Transport-Security"); got != "max-age=31536000; includeSubDomains" {
		t.Fatalf("HSTS %q", got)
	}
	tlsOn.HSTS.MaxAge = 0
	if got := serve(Wrap(ok, config.Security{TLS: tlsOn}), "GET").Header().Get("Strict-Transport-Security"); got != "" {
		t.Fatalf("HSTS without max_age: %q", got)
	}
}

// SelfSigned writes a self-signed certificate for 127.0.0.1 and localhost
// and its key into dir; it returns their paths and the certificate.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, cert *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "odatagw test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ = x509.ParseCertificate(der)
	kder, _ := x509.MarshalECPrivateKey(key)
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	_ = os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	_ = os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600)
	return certFile, keyFile, cert
}

func TestTLSConfig(t *testing.T) {
	certFile, keyFile, cert := selfSigned(t, t.TempDir())
	c, err := TLSConfig(config.TLS{CertFile: certFile, KeyFile: keyFile})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(ok)
	srv.TLS = c
	srv.StartTLS()
	defer srv.Close()
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	client := func(maxVersion uint16) *http.Client {
		return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, ServerName: "localhost", MaxVersion: maxVersion}}}
	}
	resp, err := client(0).Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.TLS == nil || resp.TLS.Version < tls.VersionTLS12 {
		t.Fatalf("TLS state %+v", resp.TLS)
	}
	if _, err := client(tls.VersionTLS11).Get(srv.URL); err == nil {
		t.Fatal("a TLS 1.1 client was served")
	}
	c13, _ := TLSConfig(config.TLS{CertFile: certFile, KeyFile: keyFile, MinVersion: "1.3"})
	if c13.MinVersion != tls.VersionTLS13 {
		t.Fatal("min_version 1.3 ignored")
	}
	if _, err := TLSConfig(config.TLS{CertFile: certFile, KeyFile: certFile}); err == nil || !strings.Contains(err.Error(), "security.tls: cert_file") {
		t.Fatalf("bad key: %v", err)
	}
	if c, err := TLSConfig(config.TLS{}); c != nil || err != nil {
		t.Fatal("TLS without a certificate")
	}
}
