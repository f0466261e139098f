// Package e2e holds ocu's end-to-end tests: they build the ocu binary, load
// the demo operation into a fresh database, serve it on a loopback address
// and drive it with headless Chromium, as a user would. Every page they
// visit is checked with axe-core (accessibility) and the Nu HTML Checker
// (validity).
//
// They need Chromium, Java and the npm packages pinned in e2e/package.json:
//
//	apt-get install chromium default-jre-headless
//	npm ci --ignore-scripts --prefix e2e
//	go test ./e2e/
//
// Without them the tests skip, unless OCU_E2E=1 is set (as in CI), when
// they fail. Screenshots of each step land in e2e/screenshots/TEST_NAME/.
package e2e
