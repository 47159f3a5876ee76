INSERT INTO "Items" ("Name", "Price", "Active", "Released", "Updated", "Qty") VALUES (?, ?, ?, ?, ?, NULL) RETURNING "ID"
-- string "O'Brien"
-- float64 12.5
-- int64 1
-- string "2024-02-29"
-- string "2024-03-01 10:00:00"
