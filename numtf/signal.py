"""`tf.signal` namespace: re-exports only."""
from .ops.fft_ops import (fft, ifft, fft2d, ifft2d, fft3d, ifft3d, fftnd, ifftnd, rfft, irfft,
                          rfft2d, irfft2d, rfft3d, irfft3d, rfftnd, irfftnd, fftshift, ifftshift)
from .ops.signal_ops import (hann_window, hamming_window, kaiser_window, kaiser_bessel_derived_window,
                             vorbis_window, frame, overlap_and_add, stft, inverse_stft, inverse_stft_window_fn)
from .ops.dct_ops import dct, idct, mdct, inverse_mdct, linear_to_mel_weight_matrix, mfccs_from_log_mel_spectrograms

__all__ = ["fft", "ifft", "fft2d", "ifft2d", "fft3d", "ifft3d", "fftnd", "ifftnd", "rfft", "irfft", "rfft2d",
           "irfft2d", "rfft3d", "irfft3d", "rfftnd", "irfftnd", "fftshift", "ifftshift", "hann_window",
           "hamming_window", "kaiser_window", "kaiser_bessel_derived_window", "vorbis_window", "frame",
           "overlap_and_add", "stft", "inverse_stft", "inverse_stft_window_fn", "dct", "idct", "mdct",
           "inverse_mdct", "linear_to_mel_weight_matrix", "mfccs_from_log_mel_spectrograms"]
