INSERT INTO "Items" ("Name", "Price", "Active", "Released", "Updated", "Qty") VALUES ($1, CAST($2 AS NUMERIC), $3, CAST($4 AS DATE), $5, NULL) RETURNING "ID"
-- string "O'Brien"
-- string "12.5"
-- bool true
-- string "2024-02-29"
-- time 2024-03-01T10:00:00Z
