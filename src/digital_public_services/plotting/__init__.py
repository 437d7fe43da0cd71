"""The house style every figure of the paper is drawn in."""
