// IEEE 754 half-precision conversion by bit manipulation (Float16 is not available on every platform).

extension Float {
    /// The Float whose value is the IEEE binary16 number with bit pattern `h` (exact).
    init(halfBits h: UInt16) {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = Int((h >> 10) & 0x1F)
        let mantissa = UInt32(h & 0x3FF)
        if exponent == 0x1F {  // Inf or NaN
            self = Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        } else if exponent == 0 {  // zero or subnormal: mantissa · 2^-24
            let magnitude = Float(mantissa) * 0x1p-24
            self = sign != 0 ? -magnitude : magnitude
        } else {
            self = Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (mantissa << 13))
        }
    }

    /// The IEEE binary16 bit pattern nearest to this value (round to nearest even; overflow to ±Inf).
    var halfBits: UInt16 {
        let bits = bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        let exponent = Int((bits >> 23) & 0xFF)
        let mantissa = bits & 0x7F_FFFF
        if exponent == 0xFF { return sign | 0x7C00 | (mantissa != 0 ? 0x200 : 0) }
        let e = exponent - 127 + 15
        if e >= 0x1F { return sign | 0x7C00 }
        if e <= 0 {  // subnormal half or zero
            if e < -10 { return sign }
            let m = mantissa | 0x80_0000
            let shift = UInt32(14 - e)
            var half = m >> shift
            let rest = m & ((1 << shift) - 1)
            let halfway = UInt32(1) << (shift - 1)
            if rest > halfway || (rest == halfway && half & 1 == 1) { half += 1 }
            return sign | UInt16(half)
        }
        var half = UInt32(e) << 10 | (mantissa >> 13)
        let rest = mantissa & 0x1FFF
        if rest > 0x1000 || (rest == 0x1000 && half & 1 == 1) { half += 1 }  // may carry into the exponent: correct
        return sign | UInt16(half)
    }
}
