package auth

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2/simplelru"
	"golang.org/x/crypto/bcrypt"

	"odatagw/config"
)

// Verified Basic credentials are remembered for a while: bcrypt costs tens of
// milliseconds by design, and BI clients send the same credentials with every
// request. Only a keyed hash of user and password is kept (never the
// password), so the memory holds nothing an attacker could reuse, and a hit
// only ever happens for credentials that were correct.
const (
	basicVerifiedTTL  = 5 * time.Minute
	basicVerifiedSize = 4096
)

type basicUser struct {
	hash  []byte
	roles []string
}

// basicAuth checks HTTP Basic credentials against bcrypt hashes.
type basicAuth struct {
	users map[string]*basicUser
	// dummy is a bcrypt hash of a random password at the users' highest
	// cost: an unknown user costs as much time as a wrong password.
	dummy []byte
	key   [32]byte // HMAC key of the verified-credentials memory

	mu       sync.Mutex
	verified *lru.LRU[[32]byte, time.Time]
	now      func() time.Time
	compare  func(hash, password []byte) error // bcrypt.CompareHashAndPassword
}

func newBasicAuth(c *config.Basic, where string) (*basicAuth, error) {
	b := &basicAuth{users: map[string]*basicUser{}, now: time.Now, compare: bcrypt.CompareHashAndPassword}
	if c.Htpasswd != "" {
		if err := b.readHtpasswd(c.Htpasswd, where+".htpasswd"); err != nil {
			return nil, err
		}
	}
	for i, u := range c.Users {
		at := fmt.Sprintf("%s.users[%d]", where, i)
		if u.Name == "" || strings.Contains(u.Name, ":") {
			return nil, fmt.Errorf("%s.name: must be non-empty and without ':'", at)
		}
		known := b.users[u.Name]
		switch {
		case u.PasswordHash == "" && known == nil:
			return nil, fmt.Errorf("%s.password_hash: missing (and user %q is not in the htpasswd file)", at, u.Name)
		case u.PasswordHash != "" && known != nil:
			return nil, fmt.Errorf("%s: user %q is defined twice (users and htpasswd)", at, u.Name)
		case u.PasswordHash != "":
			if err := checkBcrypt(u.PasswordHash); err != nil {
				return nil, fmt.Errorf("%s.password_hash: %v", at, err)
			}
			known = &basicUser{hash: []byte(u.PasswordHash)}
			b.users[u.Name] = known
		}
		known.roles = append(known.roles, u.Roles...)
	}
	if len(b.users) == 0 {
		return nil, fmt.Errorf("%s: no users (users or htpasswd)", where)
	}
	cost := bcrypt.MinCost
	for _, u := range b.users {
		if c, err := bcrypt.Cost(u.hash); err == nil && c > cost {
			cost = c
		}
	}
	var pw [18]byte
	_, _ = rand.Read(pw[:])
	dummy, err := bcrypt.GenerateFromPassword(pw[:], cost)
	if err != nil {
		return nil, err
	}
	b.dummy = dummy
	_, _ = rand.Read(b.key[:])
	b.verified, _ = lru.NewLRU[[32]byte, time.Time](basicVerifiedSize, nil)
	return b, nil
}

// checkBcrypt accepts bcrypt hashes only.
func checkBcrypt(h string) error {
	if !strings.HasPrefix(h, "$2a$") && !strings.HasPrefix(h, "$2b$") && !strings.HasPrefix(h, "$2y$") {
		return fmt.Errorf("not a bcrypt hash (it must start with $2a$, $2b$ or $2y$; create one with htpasswd -nbB user password)")
	}
	if _, err := bcrypt.Cost([]byte(h)); err != nil {
		return fmt.Errorf("not a valid bcrypt hash")
	}
	return nil
}

// readHtpasswd loads user:hash lines; errors name the line, never the hash.
func (b *basicAuth) readHtpasswd(path, key string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("%s: %v", key, err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		user, hash, ok := strings.Cut(text, ":")
		if !ok || user == "" {
			return fmt.Errorf("%s: %s line %d: expected user:hash", key, path, line)
		}
		if err := checkBcrypt(hash); err != nil {
			return fmt.Errorf("%s: %s line %d (user %q): %v", key, path, line, user, err)
		}
		if b.users[user] != nil {
			return fmt.Errorf("%s: %s line %d: user %q appears twice", key, path, line, user)
		}
		b.users[user] = &basicUser{hash: []byte(hash)}
	}
	return sc.Err()
}

// verify returns the principal of correct credentials, or nil and a reason
// that does not tell an unknown user from a wrong password.
func (b *basicAuth) verify(user, pass string) (*Principal, string) {
	u := b.users[user]
	if u == nil {
		_ = b.compare(b.dummy, []byte(pass)) // same time as a wrong password
		return nil, "invalid user name or password"
	}
	mac := hmac.New(sha256.New, b.key[:])
	mac.Write([]byte(user))
	mac.Write([]byte{0})
	mac.Write([]byte(pass))
	var id [32]byte
	mac.Sum(id[:0])
	now := b.now()
	b.mu.Lock()
	exp, ok := b.verified.Get(id)
	b.mu.Unlock()
	if !ok || now.After(exp) {
		if b.compare(u.hash, []byte(pass)) != nil {
			return nil, "invalid user name or password"
		}
		b.mu.Lock()
		b.verified.Add(id, now.Add(basicVerifiedTTL))
		b.mu.Unlock()
	}
	return newPrincipal(MethodBasic, user, u.roles), ""
}
