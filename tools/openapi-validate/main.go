// Command openapi-validate checks that a file is a valid OpenAPI 3 document, using kin-openapi
// (the Debian package golang-github-getkin-kin-openapi-dev), so the check runs offline.
//
//	openapi-validate FILE
//
// Prints "valid" and exits 0, or prints the problem on stderr and exits 1; a usage error exits 2.
// The document may be JSON or YAML. References to other files or URLs are refused: the document
// `data-cli serve` publishes is self-contained, and the tool must never reach the network.
//
// Build it in GOPATH mode against the packaged sources (scripts/validate-openapi does this):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o openapi-validate ./tools/openapi-validate
package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

func validate(path string) error {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		return fmt.Errorf("cannot load: %w", err)
	}
	// kin-openapi reads any version string; a Swagger 2.0 or OpenAPI 3.1 document is not what
	// this tool vouches for.
	if !strings.HasPrefix(doc.OpenAPI, "3.0") {
		return fmt.Errorf("openapi is %q: expected an OpenAPI 3.0.x document", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return err
	}
	return nil
}

func main() {
	if len(os.Args) != 2 || strings.HasPrefix(os.Args[1], "-") {
		fmt.Fprintln(os.Stderr, "usage: openapi-validate FILE")
		os.Exit(2)
	}
	path := os.Args[1]
	if err := validate(path); err != nil {
		fmt.Fprintf(os.Stderr, "%s: invalid: %v\n", path, err)
		os.Exit(1)
	}
	fmt.Println("valid")
}
