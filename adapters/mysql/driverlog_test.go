package mysql

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"odatagw/internal/testenv"
)

// The driver's own message about a pooled connection the server closed goes
// to the source's log at debug level, naming the source (by default the
// driver prints it to stderr, outside the structured log).
func TestDriverMessagesGoToTheLog(t *testing.T) {
	admin := needServer(t)
	dsn := sharedDatabase(t, testDatabase, testSchema)
	var buf testenv.SyncBuffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx := context.Background()
	db, _, err := OpenDB(ctx, "erp", dsn, logger)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var id int64
	if err := db.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&id); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.ExecContext(ctx, fmt.Sprintf("KILL CONNECTION %d", id)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // the server closes the socket
	var one int
	if err := db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		t.Fatalf("the pool did not replace the dead connection: %v", err)
	}
	if log := buf.String(); !strings.Contains(log, `msg="mysql driver" source=erp message=`) || !strings.Contains(log, "level=DEBUG") {
		t.Errorf("the driver's message is not in the source's log: %q", log)
	}
}
