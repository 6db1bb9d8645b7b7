// timeout, timeout remove and update, link timeout.
export {};
