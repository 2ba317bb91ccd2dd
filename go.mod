module github.com/unionkg/kg

go 1.26.8

require (
	github.com/cayleygraph/quad v1.1.0
	github.com/go-ego/gse v0.80.3
	github.com/spf13/cobra v1.10.2
	golang.org/x/text v0.43.0
)

require (
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	github.com/spf13/pflag v1.0.9 // indirect
	github.com/stretchr/testify v1.11.1 // indirect
	github.com/vcaesar/cedar v0.20.2 // indirect
)
