package config

import "fmt"

// Batch bounds $batch requests. Zero values take the gateway's defaults
// (100 requests, 8MiB: Salesforce Connect's own request limit).
type Batch struct {
	// MaxRequests bounds the individual requests of one batch, change-set
	// members included (413 beyond it).
	MaxRequests int `yaml:"max_requests"`
	// MaxBodySize bounds the batch request body after decompression (413
	// beyond it).
	MaxBodySize ByteSize `yaml:"max_body_size"`
}

// Ceilings of the batch settings: a batch is held in memory while it runs.
const (
	MaxBatchRequests = 10000
	MaxBatchBodySize = ByteSize(1 << 30)
)

// validate checks the batch settings.
func (b *Batch) validate() error {
	if b.MaxRequests < 0 || b.MaxRequests > MaxBatchRequests {
		return fmt.Errorf("batch.max_requests: %d is out of range 1..%d", b.MaxRequests, MaxBatchRequests)
	}
	if b.MaxBodySize > MaxBatchBodySize {
		return fmt.Errorf("batch.max_body_size: %d is larger than 1GiB", b.MaxBodySize)
	}
	return nil
}
