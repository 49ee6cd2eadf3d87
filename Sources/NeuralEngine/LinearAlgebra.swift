// Dense symmetric eigendecomposition in Double through LAPACK's dsyevd (shipped inside OpenBLAS),
// for the Fréchet distance of the FID metric (Heusel et al. 2017, doi:10.48550/arXiv.1706.08500).
import CBLAS

/// Errors of the engine's linear-algebra helpers.
public enum LinearAlgebraError: Error, CustomStringConvertible, Equatable {
    /// LAPACK reported failure (`info` as returned by dsyevd).
    case eigenFailed(n: Int, info: Int)

    public var description: String {
        switch self {
        case let .eigenFailed(n, info):
            return "symmetric eigendecomposition of a \(n)×\(n) matrix failed (LAPACK dsyevd info \(info)); "
                + "check the matrix for NaN or infinite entries"
        }
    }
}

/// Eigenvalues (ascending) and eigenvectors of the symmetric `n×n` row-major matrix `a` (only its lower
/// triangle in row-major terms is read; symmetric input is expected).
/// `vectors` is row-major `n×n` with eigenvector `j` in column `j`: `a·v_j = values[j]·v_j`.
public func symmetricEigen(_ a: [Double], n: Int) throws -> (values: [Double], vectors: [Double]) {
    precondition(n >= 0 && a.count == n * n, "symmetricEigen: \(a.count) entries for n=\(n)")
    if n == 0 { return ([], []) }
    // LAPACK is column-major: the row-major array is the transpose, identical for a symmetric matrix.
    // Eigenvectors come back in the columns of the column-major array, i.e. in its rows when read row-major.
    var m = a
    var w = [Double](repeating: 0, count: n)
    var jobz = Int8(UInt8(ascii: "V")), uplo = Int8(UInt8(ascii: "U"))
    var nn = Int32(n), lda = Int32(n), info: Int32 = 0
    var lwork: Int32 = -1, liwork: Int32 = -1
    var workQuery = 0.0
    var iworkQuery: Int32 = 0
    dsyevd_(&jobz, &uplo, &nn, &m, &lda, &w, &workQuery, &lwork, &iworkQuery, &liwork, &info)
    guard info == 0 else { throw LinearAlgebraError.eigenFailed(n: n, info: Int(info)) }
    lwork = Int32(workQuery.rounded(.up))
    liwork = iworkQuery
    var work = [Double](repeating: 0, count: Int(lwork))
    var iwork = [Int32](repeating: 0, count: Int(liwork))
    dsyevd_(&jobz, &uplo, &nn, &m, &lda, &w, &work, &lwork, &iwork, &liwork, &info)
    guard info == 0 else { throw LinearAlgebraError.eigenFailed(n: n, info: Int(info)) }
    // Column-major eigenvectors -> row-major with eigenvector j in column j: transpose.
    var v = [Double](repeating: 0, count: n * n)
    for j in 0..<n { for i in 0..<n { v[i * n + j] = m[j * n + i] } }
    return (w, v)
}
