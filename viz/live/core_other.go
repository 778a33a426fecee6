//go:build !linux

package live

func reserveCore() int { return -1 }

func pinThread(int) {}
