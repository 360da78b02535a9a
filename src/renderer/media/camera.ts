/**
 * Frames from the computer's camera for image samples: the video is shown live, and a snapshot is the
 * centre of the frame cropped to the target's aspect ratio and scaled to `width × height` (the impulse's
 * image size) on a canvas, read back as R, G, B values 0–255.
 */
export async function openCamera(video: HTMLVideoElement): Promise<MediaStream> {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { width: { ideal: 640 }, height: { ideal: 480 } },
  })
  video.srcObject = stream
  await video.play()
  return stream
}

export function closeCamera(stream: MediaStream | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop()
}

export function grabFrame(video: HTMLVideoElement, width: number, height: number): Float32Array {
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const ctx = canvas.getContext('2d', { willReadFrequently: true })
  if (!ctx || video.videoWidth === 0) throw new Error('the camera gives no picture yet')
  const scale = Math.min(video.videoWidth / width, video.videoHeight / height)
  const sw = width * scale
  const sh = height * scale
  ctx.drawImage(video, (video.videoWidth - sw) / 2, (video.videoHeight - sh) / 2, sw, sh, 0, 0, width, height)
  const rgba = ctx.getImageData(0, 0, width, height).data
  const values = new Float32Array(width * height * 3)
  for (let p = 0; p < width * height; p++) for (let c = 0; c < 3; c++) values[p * 3 + c] = rgba[p * 4 + c]!
  return values
}
