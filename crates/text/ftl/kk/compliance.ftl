### The Compliance tab.

