package sqldb

// The fixture of the engine tests: the same rows on every engine, with the
// data that trips translators up — case variants, a trailing space, LIKE and
// GLOB wildcards in the data, NULLs, non-ASCII text, binary-inexact
// decimals, dates, date-times written in several forms and zones, an Int64
// beyond float64 precision, GUIDs in upper case.
//
//	ID Name      Code Price   Qty  Ratio Active Released   Updated (UTC)            Cat Rank Stamp (UTC)
//	1  Acme      A1   10.5    5    0.1   true   2024-01-15 2024-03-01 23:30:15.25   1   2    2024-01-01 10:00:00
//	2  ACME      A2   0.3     -3   0.5   false  2024-06-01 2024-03-02 00:00:00      2   1    2024-01-01 10:00:00
//	3  'acme '   B1   2.5     2    NULL  NULL   NULL       2023-12-31 22:00:00      -   2    2024-01-01 09:00:00
//	4  50%_off   B2   3.4999  7    -2.5  true   2024-02-29 NULL                     1   3    2024-01-02 00:00:00.5
//	5  Ünïcödé   C1   NULL    NULL 2.5   false  2024-12-31 2024-03-01 10:00:00      -   1    2023-06-30 23:59:59
//	6  NULL      C2   -2.5    -7   1.5   NULL   2024-03-01 2024-07-04 12:00:00.125  -   3    2024-01-01 10:00:00.001
//	7  a*[?]x    acme 0.1     1    0     true   NULL       NULL                     1   2    2024-01-01 10:00:00
//	8  Acme      D1   2.5     8    NULL  false  NULL       NULL                     3   1    2025-01-01 00:00:00
//	9  x e!      D2   0.2     4    NULL  NULL   NULL       NULL                     2   3    2024-01-01 08:59:59.999
//
// Big is 9007199254740993 for row 1, -1 for 2, 0 for 3, 42 for 5. Uid is
// 0f8fad5b-… for row 1 and 7C9E6679-… (upper case) for row 3.

const fixtureRows = `(1, 'Acme', 'A1', 10.5, 5, 9007199254740993, 0.1, TRUE, '2024-01-15', U1, '0f8fad5b-d9cb-469f-a165-70867728950e', 1, 2, S1),
(2, 'ACME', 'A2', 0.3, -3, -1, 0.5, FALSE, '2024-06-01', U2, NULL, 2, 1, S2),
(3, 'acme ', 'B1', 2.5, 2, 0, NULL, NULL, NULL, U3, '7C9E6679-7425-40DE-944B-E07FC1F90AE7', NULL, 2, S3),
(4, '50%_off', 'B2', 3.4999, 7, NULL, -2.5, TRUE, '2024-02-29', NULL, NULL, 1, 3, S4),
(5, 'Ünïcödé', 'C1', NULL, NULL, 42, 2.5, FALSE, '2024-12-31', U5, NULL, NULL, 1, S5),
(6, NULL, 'C2', -2.5, -7, NULL, 1.5, NULL, '2024-03-01', U6, NULL, NULL, 3, S6),
(7, 'a*[?]x', 'acme', 0.1, 1, NULL, 0, TRUE, NULL, NULL, NULL, 1, 2, S7),
(8, 'Acme', 'D1', 2.5, 8, NULL, NULL, FALSE, NULL, NULL, NULL, 3, 1, S8),
(9, 'x e!', 'D2', 0.2, 4, NULL, NULL, NULL, NULL, NULL, NULL, 2, 3, S9)`

const itemColumns = `("ID", "Name", "Code", "Price", "Qty", "Big", "Ratio", "Active", "Released", "Updated", "Uid", "CategoryID", "Rank", "Stamp")`

// rowsWith fills in the date-time literals of fixtureRows.
func rowsWith(times map[string]string) string {
	s := fixtureRows
	for k, v := range times {
		s = replaceToken(s, k, v)
	}
	return s
}

func replaceToken(s, token, v string) string {
	out := ""
	for {
		i := indexToken(s, token)
		if i < 0 {
			return out + s
		}
		out += s[:i] + v
		s = s[i+len(token):]
	}
}

// indexToken finds token followed by ',' (so that S1 does not match S10).
func indexToken(s, token string) int {
	for i := 0; i+len(token) < len(s); i++ {
		if s[i:i+len(token)] == token && (s[i+len(token)] == ',' || s[i+len(token)] == ')') && (i == 0 || s[i-1] == ' ') {
			return i
		}
	}
	return -1
}

// Category 4 has no items; line (12,3) has no shipments; shipment 5 is on
// (11,1), which is no line: a join on one of the two columns would relate it.
const categoryRows = `(1, 'Tools', 'DE'), (2, 'Toys', 'US'), (3, 'Food', NULL), (4, 'Empty', 'FR')`
const lineRows = `(10, 1, 5), (10, 2, 3), (11, 2, 1), (12, 3, 4)`
const shipmentRows = `(1, 10, 1, TRUE), (2, 10, 1, NULL), (3, 10, 2, TRUE), (4, 11, 2, FALSE), (5, 11, 1, TRUE)`

// sqliteFixture writes date-times in mixed ISO-8601 forms, as SQLite
// databases in the wild do.
var sqliteFixture = []string{
	`CREATE TABLE "Categories" ("ID" INTEGER PRIMARY KEY, "Title" TEXT NOT NULL, "Country" TEXT)`,
	`CREATE TABLE "Items" ("ID" INTEGER PRIMARY KEY, "Name" TEXT, "Code" TEXT NOT NULL, "Price" DECIMAL(12,4), "Qty" INTEGER,
		"Big" BIGINT, "Ratio" REAL, "Active" BOOLEAN, "Released" DATE, "Updated" DATETIME, "Uid" TEXT,
		"CategoryID" INTEGER REFERENCES "Categories"("ID"), "Rank" INTEGER NOT NULL, "Stamp" TEXT NOT NULL)`,
	`CREATE INDEX "ItemsCode" ON "Items"("Code")`,
	`CREATE TABLE "Lines" ("OrderID" INTEGER NOT NULL, "ItemID" INTEGER NOT NULL, "Amount" INTEGER NOT NULL, PRIMARY KEY ("OrderID", "ItemID"))`,
	`CREATE TABLE "Shipments" ("ShipID" INTEGER PRIMARY KEY, "OrderID" INTEGER NOT NULL, "ItemID" INTEGER NOT NULL, "Shipped" BOOLEAN)`,
	`INSERT INTO "Shipments" VALUES ` + shipmentRows,
	`INSERT INTO "Categories" VALUES ` + categoryRows,
	`INSERT INTO "Lines" VALUES ` + lineRows,
	`INSERT INTO "Items" ` + itemColumns + ` VALUES ` + rowsWith(map[string]string{
		"U1": "'2024-03-01T23:30:15.250Z'", "U2": "'2024-03-02 00:00:00'", "U3": "'2024-01-01T00:00:00+02:00'",
		"U5": "'2024-03-01 10:00'", "U6": "'2024-07-04T12:00:00.125'",
		"S1": "'2024-01-01 10:00:00'", "S2": "'2024-01-01T10:00:00Z'", "S3": "'2024-01-01T11:00:00+02:00'",
		"S4": "'2024-01-02 00:00:00.5'", "S5": "'2023-06-30T23:59:59'", "S6": "'2024-01-01 10:00:00.001'",
		"S7": "'2024-01-01T10:00:00.000'", "S8": "'2025-01-01T00:00:00Z'", "S9": "'2024-01-01 08:59:59.999'",
	}),
}

// utcTimes are the date-times as UTC literals for MySQL and PostgreSQL.
var utcTimes = map[string]string{
	"U1": "'2024-03-01 23:30:15.25'", "U2": "'2024-03-02 00:00:00'", "U3": "'2023-12-31 22:00:00'",
	"U5": "'2024-03-01 10:00:00'", "U6": "'2024-07-04 12:00:00.125'",
	"S1": "'2024-01-01 10:00:00'", "S2": "'2024-01-01 10:00:00'", "S3": "'2024-01-01 09:00:00'",
	"S4": "'2024-01-02 00:00:00.5'", "S5": "'2023-06-30 23:59:59'", "S6": "'2024-01-01 10:00:00.001'",
	"S7": "'2024-01-01 10:00:00'", "S8": "'2025-01-01 00:00:00'", "S9": "'2024-01-01 08:59:59.999'",
}

// mysqlFixture uses a case-insensitive, PAD SPACE default collation
// (utf8mb4_general_ci): 'Acme' = 'ACME' = 'Acme ' for plain `=`.
var mysqlFixture = []string{
	"CREATE TABLE `Categories` (`ID` INT PRIMARY KEY, `Title` VARCHAR(50) NOT NULL, `Country` VARCHAR(2) NULL)",
	"CREATE TABLE `Items` (`ID` INT PRIMARY KEY, `Name` VARCHAR(50) NULL, `Code` VARCHAR(20) NOT NULL, `Price` DECIMAL(12,4) NULL, `Qty` INT NULL," +
		" `Big` BIGINT NULL, `Ratio` DOUBLE NULL, `Active` TINYINT(1) NULL, `Released` DATE NULL, `Updated` DATETIME(6) NULL, `Uid` CHAR(36) NULL," +
		" `CategoryID` INT NULL, `Rank` INT NOT NULL, `Stamp` DATETIME(3) NOT NULL, INDEX (`Code`), INDEX (`Name`)," +
		" FOREIGN KEY (`CategoryID`) REFERENCES `Categories`(`ID`))",
	"CREATE TABLE `Lines` (`OrderID` INT NOT NULL, `ItemID` INT NOT NULL, `Amount` INT NOT NULL, PRIMARY KEY (`OrderID`, `ItemID`))",
	"CREATE TABLE `Shipments` (`ShipID` INT PRIMARY KEY, `OrderID` INT NOT NULL, `ItemID` INT NOT NULL, `Shipped` TINYINT(1) NULL)",
	"INSERT INTO `Shipments` VALUES " + shipmentRows,
	"INSERT INTO `Categories` VALUES " + categoryRows,
	"INSERT INTO `Lines` VALUES " + lineRows,
	"INSERT INTO `Items` " + mysqlQuote(itemColumns) + " VALUES " + rowsWith(utcTimes),
}

func mysqlQuote(s string) string {
	b := []byte(s)
	for i := range b {
		if b[i] == '"' {
			b[i] = '`'
		}
	}
	return string(b)
}

// postgresFixture has Updated as timestamptz and Stamp as timestamp
// (without time zone), and Uid as uuid.
var postgresFixture = []string{
	`CREATE TABLE "Categories" ("ID" INT PRIMARY KEY, "Title" VARCHAR(50) NOT NULL, "Country" VARCHAR(2))`,
	`CREATE TABLE "Items" ("ID" INT PRIMARY KEY, "Name" VARCHAR(50), "Code" VARCHAR(20) NOT NULL, "Price" NUMERIC(12,4), "Qty" INT,
		"Big" BIGINT, "Ratio" DOUBLE PRECISION, "Active" BOOLEAN, "Released" DATE, "Updated" TIMESTAMPTZ(6), "Uid" UUID,
		"CategoryID" INT REFERENCES "Categories"("ID"), "Rank" INT NOT NULL, "Stamp" TIMESTAMP(3) NOT NULL)`,
	`CREATE INDEX "ItemsCode" ON "Items"("Code")`,
	`CREATE TABLE "Lines" ("OrderID" INT NOT NULL, "ItemID" INT NOT NULL, "Amount" INT NOT NULL, PRIMARY KEY ("OrderID", "ItemID"))`,
	`CREATE TABLE "Shipments" ("ShipID" INT PRIMARY KEY, "OrderID" INT NOT NULL, "ItemID" INT NOT NULL, "Shipped" BOOLEAN)`,
	`INSERT INTO "Shipments" VALUES ` + shipmentRows,
	`INSERT INTO "Categories" VALUES ` + categoryRows,
	`INSERT INTO "Lines" VALUES ` + lineRows,
	`INSERT INTO "Items" ` + itemColumns + ` VALUES ` + rowsWith(utcTimes),
}
