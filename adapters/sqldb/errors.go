package sqldb

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"syscall"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"

	"odatagw/metadata"
	"odatagw/odataerr"
)

// classify turns a database error into an *odataerr.Error whose message names
// the source but never the DSN or the SQL; the driver error is the hidden
// cause. Errors that are already *odataerr.Error pass through.
func (s *Source) classify(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if oe := odataerr.As(err); oe != nil {
		return oe
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded):
		return odataerr.Timeout(err, "the data source %q did not answer in time", s.cfg.Name)
	case errors.Is(err, context.Canceled) || errors.Is(ctx.Err(), context.Canceled):
		// The client went away (the driver may report it as its own error).
		return fmt.Errorf("query cancelled: %w", context.Canceled)
	case isServerTimeout(err):
		return odataerr.Timeout(err, "the data source %q did not answer in time", s.cfg.Name)
	case isConnError(err):
		s.log.Warn("data source unreachable", "error", err)
		return odataerr.Unavailable(err, "the data source %q is unavailable", s.cfg.Name)
	}
	if status, msg := dataError(err); status != 0 {
		return odataerr.New(status, "InvalidData", "%s", msg).WithCause(err)
	}
	s.log.Error("query failed", "error", err)
	return odataerr.New(http.StatusInternalServerError, "SourceError", "the data source %q failed to run the query", s.cfg.Name).WithCause(err)
}

// valueError reports a value the database returned that is not of the
// property's type (a schema or override problem, not the client's).
func (s *Source) valueError(p *metadata.Property, err error) error {
	if p.Column == "" && errors.Is(err, strconv.ErrRange) {
		// A value the request computed ($compute, $apply), not a stored
		// one: an overflow of the client's arithmetic, as the database
		// reports its own (dataError).
		return odataerr.New(http.StatusBadRequest, "InvalidData",
			"the value of %s computed by the request is out of the range of %s", p.Name, p.Type).WithCause(err)
	}
	s.log.Error("cannot convert a column value", "column", p.Column, "type", p.Type, "error", err)
	// 502 as for an API's value (UpstreamInvalidData): the source answered,
	// with data its own schema does not allow (SQLite stores 'abc' in an
	// INT column); the gateway is fine, and so was the request.
	return odataerr.New(http.StatusBadGateway, "SourceInvalidData",
		"the data source %q returned a value of property %s that is not a valid %s", s.cfg.Name, p.Name, p.Type).WithCause(err)
}

// isServerTimeout recognises statement timeouts set on the server
// (PostgreSQL statement_timeout, MariaDB max_statement_time, MySQL
// max_execution_time).
func isServerTimeout(err error) bool {
	var pe interface{ SQLState() string }
	if errors.As(err, &pe) && pe.SQLState() == "57014" {
		return true
	}
	var me *mysql.MySQLError
	return errors.As(err, &me) && (me.Number == 1969 || me.Number == 3024)
}

// isConnError reports whether err means the database cannot be reached.
func isConnError(err error) bool {
	var ne net.Error
	var op *net.OpError
	var ce *pgconn.ConnectError
	switch {
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, mysql.ErrInvalidConn),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed),
		errors.Is(err, pgconn.ErrConnClosed),
		errors.As(err, &ce), // PostgreSQL refused the session (database not accepting connections, auth…)
		errors.As(err, &op), errors.As(err, &ne):
		return true
	}
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		switch me.Number {
		case 1040, 1044, 1045, 1049, 1053, 1077, 1129, 1152, 1153, 1158, 1159, 1160, 1161, 1184, 1226:
			return true // too many connections, access denied, unknown database, shutdown, aborted...
		}
	}
	var pe interface{ SQLState() string }
	if errors.As(err, &pe) {
		state := pe.SQLState()
		switch {
		case len(state) >= 2 && state[:2] == "08", // connection exception
			state == "57P01", state == "57P02", state == "57P03", // shutdown, cannot connect now
			state == "53300", state == "28000", state == "28P01", state == "3D000":
			return true
		}
	}
	var se interface{ Code() int }
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case 5, 6, 14, 26: // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_CANTOPEN, SQLITE_NOTADB
			return true
		}
	}
	return false
}

// dataError recognises errors the data and the client's expression cause
// together (division by zero, a cast of a non-numeric string), which are
// answered with 400 and a fixed message.
func dataError(err error) (int, string) {
	var pe interface{ SQLState() string }
	if errors.As(err, &pe) {
		switch state := pe.SQLState(); {
		case state == "22012":
			return http.StatusBadRequest, "division by zero"
		case state == "22003":
			return http.StatusBadRequest, "a numeric value is out of range"
		case len(state) >= 2 && state[:2] == "22":
			return http.StatusBadRequest, "an operation or cast is not valid for a value in the data"
		}
	}
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		switch me.Number {
		case 1690:
			return http.StatusBadRequest, "a numeric value is out of range"
		case 1292, 1366, 1367:
			return http.StatusBadRequest, "an operation or cast is not valid for a value in the data"
		case 1365:
			return http.StatusBadRequest, "division by zero"
		}
	}
	return 0, ""
}
