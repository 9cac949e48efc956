module atlas-access/bench/digestload

go 1.22
