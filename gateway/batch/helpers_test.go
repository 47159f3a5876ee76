package batch

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"odatagw/gateway/batch/batchtest"
)

// crlf turns the LF line ends of a test body into CRLF.
func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

// post sends a batch body with the given Content-Type to Serve and returns
// the recorded response.
func post(t *testing.T, s *store, a *fakeAtomic, lim Limits, contentType, body string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "http://gw.test/odata/svc/$batch", strings.NewReader(body))
	r.Header.Set("Content-Type", contentType)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Add(hdr[i], hdr[i+1])
	}
	cfg := Config{Handler: s, Limits: lim}
	if a != nil {
		cfg.Atomic = a.atomic
	}
	w := httptest.NewRecorder()
	Serve(w, r, cfg)
	return w
}

const mpType = "multipart/mixed; boundary=b1"

// parseMultipartResponse parses a 200 multipart batch response strictly.
func parseMultipartResponse(t *testing.T, w *httptest.ResponseRecorder) []batchtest.Part {
	t.Helper()
	if w.Code != http.StatusOK {
		t.Fatalf("status %d, body %s", w.Code, w.Body)
	}
	return batchtest.Multipart(t, w.Header().Get("Content-Type"), w.Body.Bytes())
}

func parseJSONResponse(t *testing.T, w *httptest.ResponseRecorder) []batchtest.Response {
	t.Helper()
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("status %d, Content-Type %q, body %s", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	return batchtest.JSON(t, w.Body.Bytes())
}

// errorCode returns the OData error code of an error body.
func errorCode(t *testing.T, body []byte) string {
	t.Helper()
	code, _ := odataError(t, body)
	return code
}

// odataError returns the code and message of an OData error body.
func odataError(t *testing.T, body []byte) (code, message string) {
	t.Helper()
	var e struct {
		Error struct{ Code, Message string } `json:"error"`
	}
	if err := json.Unmarshal(body, &e); err != nil || e.Error.Code == "" {
		t.Fatalf("not an OData error body: %s", body)
	}
	return e.Error.Code, e.Error.Message
}
