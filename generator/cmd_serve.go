package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"reportgen"
	"strconv"
	"strings"
	"syscall"

	"reportgen/generator/internal/output/publish"
	"reportgen/generator/internal/pipeline"
	"reportgen/generator/internal/tool/serve"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:1313", "address to listen on; keep it on 127.0.0.1 unless others must see the preview")
	src := fs.String("src", ".", "site root holding content/, templates/ and assets/")
	out := fs.String("out", "", "output directory (default: a temporary one, so the preview never touches public/)")
	drafts := fs.Bool("drafts", false, "include pages marked draft")
	strict := fs.Bool("strict", false, "treat warnings as errors")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "generator serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if err := emptyPaths(fs, "src", "out"); err != nil {
		fmt.Fprintf(stderr, "generator serve: %v\n", err)
		return 2
	}
	srcAbs, err := filepath.Abs(*src)
	if err != nil {
		fmt.Fprintf(stderr, "generator serve: %v\n", err)
		return 2
	}
	if fi, err := os.Stat(filepath.Join(srcAbs, "content")); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "generator serve: %s has no content/ folder; run from the site root or pass -src\n", *src)
		return 2
	}

	outDir := *out
	if outDir == "" {
		tmp, err := os.MkdirTemp("", "reportgen-serve-")
		if err != nil {
			fmt.Fprintf(stderr, "generator serve: %v\n", err)
			return 1
		}
		defer os.RemoveAll(tmp)
		outDir = filepath.Join(tmp, "site")
	}
	// A dangerous output directory is a usage error, found before the
	// server starts rather than on every rebuild; the path checked is the
	// path used.
	outAbs, err := publish.CheckOut(srcAbs, outDir)
	if err != nil {
		fmt.Fprintf(stderr, "generator serve: %v\n", err)
		return 2
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "generator serve: cannot listen on %s: %v; pass another -addr, e.g. -addr 127.0.0.1:1314\n", *addr, err)
		return 1
	}
	url := "http://" + ln.Addr().String() + "/"
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && !tcp.IP.IsLoopback() {
		fmt.Fprintf(stderr, "note: %s is reachable from other machines\n", *addr)
	}
	// The preview is served from the root of its own address, whatever
	// base URL the site is published under.
	opts := pipeline.Options{Src: srcAbs, Out: outAbs, BaseURL: url, Strict: *strict, Drafts: *drafts,
		Theme: reportgen.Theme()}
	// The session keeps each build to render again only what an edit
	// changes.
	session := pipeline.NewSession(opts, siteFeatures)
	defer session.Close()

	srv := serve.New(serve.Config{
		Out:    outAbs,
		Src:    srcAbs,
		Watch:  []string{filepath.Join(srcAbs, "content"), filepath.Join(srcAbs, "templates"), filepath.Join(srcAbs, "assets")},
		Build:  session.Build,
		Update: session.Update,
		Log:    stderr,
		Hosts:  previewHosts(ln.Addr()),
	})
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Fprintf(stdout, "serving %s at %s (press Ctrl-C to stop)\nwatching content/, templates/ and assets/ in %s\n", outAbs, url, srcAbs)
	if err := srv.Run(ctx, ln); err != nil {
		fmt.Fprintf(stderr, "generator serve: %v\n", err)
		return 1
	}
	return 0
}

// previewHosts are the Host headers the preview answers to: its own
// address, and localhost when it listens on loopback. Listening on every
// interface ("0.0.0.0:1313") accepts any, since the machine's names are
// not known.
func previewHosts(addr net.Addr) []string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || tcp.IP.IsUnspecified() {
		return nil
	}
	port := strconv.Itoa(tcp.Port)
	hosts := []string{strings.ToLower(addr.String())}
	if tcp.IP.IsLoopback() {
		hosts = append(hosts, "localhost:"+port)
	}
	return hosts
}
