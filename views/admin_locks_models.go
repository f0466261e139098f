package views

// AdminLocksData is the sign-in locks page: accounts locked after failed
// sign-ins and addresses whose failures are being slowed, each with a
// button that lifts it.
type AdminLocksData struct {
	Page
	Lifted    string // confirmation after a lift; "" for none
	Accounts  []AccountLockRow
	Addresses []AddressThrottleRow
}

// AccountLockRow is a locked account. Times are in UTC and say so.
type AccountLockRow struct {
	Username, Href string
	Failures       int
	LockedUntil    Time
}

// AddressThrottleRow is an address whose failed sign-ins are answered
// slowly.
type AddressThrottleRow struct {
	Address     string
	Failures    int
	LastFailure Time
	Delay       string // how long its next failure waits, in words
}
